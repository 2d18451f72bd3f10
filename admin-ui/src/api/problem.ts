// RFC 9457 problem documents as the console sees them: one error class carrying the document,
// and helpers that route `errors[]` to the inputs they belong to and find where an expression broke.

export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldProblem[];
  /** Filters: the 0-based offset of the mistake in the expression. */
  position?: number;
  [extension: string]: unknown;
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }

  get fieldProblems(): FieldProblem[] {
    return this.problem.errors ?? [];
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The problem document of a failed response; a made-up one when the body is not a problem. */
export function toProblem(body: unknown, response: Pick<Response, 'status' | 'statusText'>): Problem {
  if (isObject(body) && typeof body['detail'] === 'string') {
    return {
      ...body,
      status: typeof body['status'] === 'number' ? body['status'] : response.status,
      detail: body['detail'],
      code: typeof body['code'] === 'string' ? body['code'] : `HTTP_${response.status}`,
      errors: Array.isArray(body['errors']) ? (body['errors'] as FieldProblem[]) : undefined,
    };
  }
  return {
    status: response.status,
    detail: `The server answered ${response.status} ${response.statusText}`.trim(),
    code: `HTTP_${response.status}`,
  };
}

/** A readable message for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Field problems keyed by input name. `prefix` selects and strips a path prefix, so the errors of
 * `fields[2].options.min` reach the editor of field 2 as `options.min`. Without a prefix, a nested
 * path (`tags.0`) goes to its top-level input (`tags`). The first message per input wins.
 */
export function fieldErrors(error: unknown, prefix = ''): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const problem of error.fieldProblems) {
    if (!problem.field.startsWith(prefix)) continue;
    const rest = problem.field.slice(prefix.length);
    const key = prefix === '' ? (rest.split(/[.[]/)[0] ?? rest) : rest;
    result[key] ??= problem.message;
  }
  return result;
}

/** Problems that no input claims: shown in the form's summary so nothing is silently lost. */
export function unclaimedProblems(error: unknown, claimed: readonly string[], prefix = ''): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.fieldProblems.filter((problem) => {
    if (!problem.field.startsWith(prefix)) return true;
    const rest = problem.field.slice(prefix.length);
    const key = prefix === '' ? (rest.split(/[.[]/)[0] ?? rest) : rest;
    return !claimed.includes(key);
  });
}

export interface ExpressionIssue {
  message: string;
  /** 0-based offset into the expression, when the server named one. */
  position?: number;
}

/**
 * The problem with an expression (a filter, or a rule at `rules.<action>`), with its position:
 * filters carry it as the 0-based `position` member; every message says "… at character 29 …"
 * (1-based, as people count).
 */
export function expressionIssue(error: unknown, field: string): ExpressionIssue | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const problem = error.fieldProblems.find((item) => item.field === field);
  if (!problem) return undefined;
  const action = field.startsWith('rules.') ? field.slice('rules.'.length) : undefined;
  // A schema change names the rule first ("List rule: Unknown field …"); the editor knows which.
  const label = action && `${action.charAt(0).toUpperCase()}${action.slice(1)} rule: `;
  const message = label && problem.message.startsWith(label) ? problem.message.slice(label.length) : problem.message;
  const position =
    field === 'filter' && typeof error.problem.position === 'number'
      ? error.problem.position
      : positionInMessage(message);
  if (position === undefined) return { message };
  return { message: withoutPosition(message, position), position };
}

/** The console shows the place itself (with a caret): the message's "at character N" goes. */
export function withoutPosition(message: string, position: number): string {
  return message.replace(new RegExp(` at character ${position + 1}(?=[;,.:)]|$)`), '');
}

/**
 * "Unknown field "at character 3" at character 13; valid…" → 12, the 0-based offset: quoted
 * text is skipped so it cannot fake a position.
 */
export function positionInMessage(message: string): number | undefined {
  const unquoted = message.replace(/"(?:[^"\\]|\\.)*"/g, (quoted) => ' '.repeat(quoted.length));
  const match = /\bat character (\d+)\b/.exec(unquoted);
  return match ? Number(match[1]) - 1 : undefined;
}
