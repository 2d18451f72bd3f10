// What an HTTP function's run becomes on the wire. Its input: the request without hop-by-hop
// or credential headers. Its output: `{ status, headers, body }` when it returns that shape,
// otherwise the value as a 200 JSON body. A function that fails answers a problem naming its
// invocation, so the developer can find the logs; the caller never sees the stack. A function
// that calls `ctx.reject` answers its own 4xx problem.

import { AppException, ErrorCode } from '@stagecraft/core';
import { outcomeProblem, rejectionProblem, type InvocationResult, type RunResult } from '@stagecraft/functions';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Never handed to a function: the connection's own, and the caller's credentials. */
const HIDDEN_REQUEST_HEADERS = new Set([
  'authorization',
  'cookie',
  'x-api-key',
  'proxy-authorization',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);
/** Set by the server for the connection; a function's value is ignored. */
const IGNORED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'trailer',
  'content-length',
]);
const RESPONSE_KEYS = new Set(['status', 'headers', 'body']);

export interface FunctionRequest {
  readonly method: string;
  /** The part after `/invoke`, starting with `/` (just `/` for the bare route). */
  readonly path: string;
  readonly query: Record<string, string | string[]>;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export function functionRequest(request: FastifyRequest, subPath: string | undefined): FunctionRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || HIDDEN_REQUEST_HEADERS.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return {
    method: request.method,
    path: `/${subPath ?? ''}`,
    query: request.query as Record<string, string | string[]>,
    headers,
    body: request.body ?? null,
  };
}

interface ShapedResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

/** `{ status?, headers?, body? }` (with a status or a body) is a response; anything else is a body. */
function shape(value: unknown): ShapedResponse {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const keys = Object.keys(value);
    const record = value as Record<string, unknown>;
    if (keys.length > 0 && keys.every((key) => RESPONSE_KEYS.has(key)) && ('status' in record || 'body' in record)) {
      const status = record.status ?? 200;
      if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599) {
        throw new AppException(
          ErrorCode.FunctionFailed,
          `The function answered the status ${JSON.stringify(status)}; a status is a whole number from 200 to 599.`,
        );
      }
      const headers: Record<string, string> = {};
      if (record.headers !== undefined && record.headers !== null && typeof record.headers === 'object') {
        for (const [name, header] of Object.entries(record.headers)) {
          if (!IGNORED_RESPONSE_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = String(header);
        }
      }
      return { status, headers, body: record.body ?? null };
    }
  }
  return { status: 200, headers: {}, body: value };
}

/** The HTTP status a run answers (for the invocation log). */
export function answeredStatus(result: InvocationResult): number {
  if (result.outcome === 'rejected' && result.rejection) return rejectionProblem(result.rejection, '').status;
  if (result.outcome === 'ok') {
    try {
      return shape(result.value).status;
    } catch {
      return 502;
    }
  }
  return result.outcome === 'timeout' ? 504 : 502;
}

function invocationNamed(result: RunResult): { extensions: Record<string, string>; headers: Record<string, string> } {
  return {
    extensions: { invocation_id: result.invocation.id },
    headers: { 'x-invocation-id': result.invocation.id },
  };
}

/** Writes the function's answer on `reply` and returns the body to send. */
export function sendFunctionAnswer(result: RunResult, reply: FastifyReply): unknown {
  if (result.outcome !== 'ok') throw outcomeProblem(result, result.invocation.id);
  let answer: ShapedResponse;
  try {
    answer = shape(result.value);
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    throw new AppException(error.code, error.detail, invocationNamed(result));
  }
  void reply.status(answer.status).headers(answer.headers).header('x-invocation-id', result.invocation.id);
  if (typeof answer.body === 'string') {
    if (!('content-type' in answer.headers)) void reply.type('text/plain; charset=utf-8');
    return answer.body;
  }
  if (!('content-type' in answer.headers)) void reply.type('application/json; charset=utf-8');
  return JSON.stringify(answer.body);
}
