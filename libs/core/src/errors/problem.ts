// Builds RFC 9457 problem documents. Titles are fixed per status so clients can show them;
// the detail says what went wrong in this request.

import { STATUS_CODES } from 'node:http';
import type { ErrorCode } from './error-code.js';
import type { FieldError } from './app-exception.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: readonly FieldError[];
  [extension: string]: unknown;
}

/** A stable URI per code; docs/errors.md explains each one. */
export function problemType(code: ErrorCode): string {
  return `urn:stagecraft:problem:${code.toLowerCase().replaceAll('_', '-')}`;
}

export function buildProblem(input: {
  status: number;
  code: ErrorCode;
  detail: string;
  requestId: string;
  errors?: readonly FieldError[];
  extensions?: Readonly<Record<string, unknown>>;
}): ProblemDocument {
  return {
    ...input.extensions,
    type: problemType(input.code),
    title: STATUS_CODES[input.status] ?? 'Error',
    status: input.status,
    detail: input.detail,
    code: input.code,
    requestId: input.requestId,
    ...(input.errors && input.errors.length > 0 ? { errors: input.errors } : {}),
  };
}
