// The Test panel's inputs as the request the function sees (`ctx.request`): the method, a path
// after /invoke, a query string parsed as the server parses one (a repeated name is a list),
// headers as "name: value" lines, and a JSON body. Mistakes are named per input.
import type { TestRequest } from '../../data/functions/function-test-mutation';

export const TEST_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface TestRequestForm {
  method: string;
  path: string;
  query: string;
  headers: string;
  body: string;
}

export type TestRequestErrors = Partial<Record<keyof TestRequestForm, string>>;

export function emptyTestRequest(): TestRequestForm {
  return { method: 'POST', path: '/', query: '', headers: '', body: '' };
}

export function queryOf(text: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text.trim().replace(/^\?/, ''))) {
    const current = query[name];
    if (current === undefined) query[name] = value;
    else query[name] = Array.isArray(current) ? [...current, value] : [current, value];
  }
  return query;
}

function headersOf(text: string): { headers: Record<string, string> } | { error: string } {
  const headers: Record<string, string> = {};
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:(.*)$/.exec(line);
    if (!match?.[1]) return { error: `Line ${index + 1}: write name: value` };
    headers[match[1].toLowerCase()] = (match[2] ?? '').trim();
  }
  return { headers };
}

function bodyOf(text: string): { body: unknown } | { error: string } {
  if (text.trim() === '') return { body: null };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export function buildTestRequest(
  form: TestRequestForm,
): { request: TestRequest; errors?: undefined } | { request?: undefined; errors: TestRequestErrors } {
  const errors: TestRequestErrors = {};
  const path = form.path.trim() === '' ? '/' : form.path.trim();
  if (!path.startsWith('/')) errors.path = 'Starts with /';
  const headers = headersOf(form.headers);
  if ('error' in headers) errors.headers = headers.error;
  const body = bodyOf(form.body);
  if ('error' in body) errors.body = body.error;
  if ('error' in headers || 'error' in body || errors.path) return { errors };
  return {
    request: { method: form.method, path, query: queryOf(form.query), headers: headers.headers, body: body.body },
  };
}
