// The problem a caller gets when a function did not simply return: it rejected (`ctx.reject`,
// a 4xx it chose, with field errors if it gave sane ones) or it failed (threw, timed out, went
// over its memory, lost its sandbox). Both name the invocation, so its log can be found; the
// caller never sees a stack.

import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import type { InvocationResult, Rejection } from './sandbox/protocol.js';

const FIELD_ERRORS_MAX = 100;
const TEXT_MAX = 1000;

function text(value: unknown, fallback: string): string {
  const string = typeof value === 'string' && value !== '' ? value : fallback;
  return string.length > TEXT_MAX ? `${string.slice(0, TEXT_MAX)}…` : string;
}

/** Field errors as `ctx.reject` was given them, when they have the problem format's shape. */
function fieldErrors(errors: unknown): FieldError[] | undefined {
  if (!Array.isArray(errors)) return undefined;
  const valid = errors.slice(0, FIELD_ERRORS_MAX).flatMap((error: unknown): FieldError[] => {
    if (error === null || typeof error !== 'object') return [];
    const { field, code, message } = error as Record<string, unknown>;
    if (typeof field !== 'string' || typeof message !== 'string') return [];
    return [{ field: text(field, ''), code: text(code, 'rejected'), message: text(message, '') }];
  });
  return valid.length > 0 ? valid : undefined;
}

function named(invocationId: string) {
  return { extensions: { invocation_id: invocationId }, headers: { 'x-invocation-id': invocationId } };
}

export function rejectionProblem(rejection: Rejection, invocationId: string): AppException {
  const status =
    typeof rejection.status === 'number' && Number.isInteger(rejection.status) && rejection.status >= 400
      ? Math.min(rejection.status, 499)
      : 400;
  return new AppException(ErrorCode.FunctionRejected, text(rejection.message, 'The function rejected it.'), {
    ...named(invocationId),
    status,
    errors: fieldErrors(rejection.errors),
  });
}

/** For any outcome but `ok`: the problem the caller gets. */
export function outcomeProblem(result: InvocationResult, invocationId: string, subject = 'The function'): AppException {
  if (result.outcome === 'rejected' && result.rejection) return rejectionProblem(result.rejection, invocationId);
  const timeout = result.outcome === 'timeout';
  const what =
    result.outcome === 'memory'
      ? 'went over its memory limit'
      : result.outcome === 'crashed'
        ? 'stopped with its sandbox'
        : timeout
          ? 'ran out of time'
          : 'failed';
  return new AppException(
    timeout ? ErrorCode.FunctionTimeout : ErrorCode.FunctionFailed,
    `${subject} ${what}; its invocation log has the details.`,
    named(invocationId),
  );
}
