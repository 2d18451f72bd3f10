// A small HTTP client for integration tests: real fetch over loopback, JSON in and out,
// bearer tokens in one argument. Bodies are loosely typed on purpose: tests assert on them.
// Every problem it receives is checked for sentences (problem-sentences.ts).

import { assertProblemSentences } from './problem-sentences.js';

export interface HttpResult {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  // Response bodies are whatever the server sent; assertions give them their shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly body: any;
}

export interface RequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as-is, with the content type given in headers (or application/json). */
  readonly raw?: string;
  readonly token?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpClient {
  readonly baseUrl: string;
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>;
  get(path: string, options?: RequestOptions): Promise<HttpResult>;
  post(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResult>;
  patch(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResult>;
  put(path: string, body?: unknown, options?: RequestOptions): Promise<HttpResult>;
  delete(path: string, options?: RequestOptions): Promise<HttpResult>;
}

export function httpClient(baseUrl: string): HttpClient {
  const request = async (method: string, path: string, options: RequestOptions = {}): Promise<HttpResult> => {
    const headers: Record<string, string> = { ...options.headers };
    let payload: string | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
      headers['content-type'] ??= 'application/json';
    } else if (options.body !== undefined) {
      payload = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    const body = /json/.test(contentType) && text ? JSON.parse(text) : text;
    if (contentType.startsWith('application/problem+json')) assertProblemSentences(method, path, body);
    return { status: response.status, headers: response.headers, text, body };
  };
  return {
    baseUrl,
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}
