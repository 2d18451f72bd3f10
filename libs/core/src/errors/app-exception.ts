// The one exception type libraries throw: a stable code, a human detail, and optional
// per-field errors and extra members that end up in the problem document.

import { type ErrorCode, errorStatus } from './error-code.js';

export interface FieldError {
  readonly field: string;
  readonly code: string;
  readonly message: string;
}

export interface AppExceptionOptions {
  readonly errors?: readonly FieldError[];
  /** Extra members for the problem document (RFC 9457 extensions). */
  readonly extensions?: Readonly<Record<string, unknown>>;
  /** Response headers such as Retry-After. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
  /** Another status than the code's own: only for FUNCTION_REJECTED, whose function chose it. */
  readonly status?: number;
}

export class AppException extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: AppExceptionOptions = {},
  ) {
    super(detail, { cause: options.cause });
    this.name = 'AppException';
    this.status = options.status ?? errorStatus[code];
  }
}
