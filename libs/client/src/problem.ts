// The one error type the client throws for refusals: it carries the server's RFC 9457 problem
// document (docs/errors.md), so callers branch on `code` and show `errors` at their fields.

export interface FieldProblem {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  /** Stable: branch on this, never on `detail`. */
  readonly code: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldProblem[];
  /** Members some problems add (`currentVersion` on a 412, `maxDepth`, `references` …). */
  readonly [member: string]: unknown;
}

export class StagecraftError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly FieldProblem[];
  readonly requestId: string | undefined;

  constructor(readonly problem: Problem) {
    super(problem.detail || problem.title);
    this.name = 'StagecraftError';
    this.status = problem.status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
    this.requestId = problem.requestId;
  }
}

/** True for a StagecraftError, and of that code when one is given. */
export function isStagecraftError(error: unknown, code?: string): error is StagecraftError {
  return error instanceof StagecraftError && (code === undefined || error.code === code);
}

/** A problem made on this side, for answers that carry none (a proxy's HTML page, an OAuth redirect's `?error=`). */
export function localProblem(status: number, code: string, detail: string): StagecraftError {
  return new StagecraftError({ type: `urn:stagecraft:problem:${code}`, title: code, status, detail, code });
}

/** The error a refused response stands for. */
export async function errorOf(response: Response): Promise<StagecraftError> {
  const text = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as Problem;
    if (typeof problem.code === 'string') return new StagecraftError({ ...problem, status: response.status });
  } catch {
    // not JSON: described below
  }
  return localProblem(response.status, 'UNEXPECTED_RESPONSE', `HTTP ${response.status}: ${text.slice(0, 200)}`);
}
