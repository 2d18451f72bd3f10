// The single place where any error becomes an application/problem+json response:
// domain exceptions, Nest HTTP exceptions, Fastify's own errors and unexpected failures.

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, type FieldError } from './app-exception.js';
import { databaseUnavailable, describeCause, isDatabaseConnectionFailure } from './database-unavailable.js';
import { codeForStatus, ErrorCode, errorStatus } from './error-code.js';
import { buildProblem, PROBLEM_CONTENT_TYPE } from './problem.js';

interface Translated {
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: readonly FieldError[];
  extensions?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
}

/** Errors Fastify raises itself (body parsing, limits) carry a statusCode and an FST_ code. */
interface FastifyError extends Error {
  statusCode?: number;
  code?: string;
}

const fastifyErrors: Readonly<Record<string, { code: ErrorCode; detail: (e: FastifyError) => string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: ErrorCode.PayloadTooLarge,
    detail: () => 'The request body is larger than the server accepts.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: ErrorCode.UnsupportedMediaType,
    detail: () => 'The request body has a content type the server does not accept; send application/json.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: ErrorCode.MalformedJson,
    detail: () => 'The request says it carries JSON but the body is empty.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: ErrorCode.MalformedJson,
    detail: () => 'The request body is not valid JSON.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: ErrorCode.BadRequest,
    detail: () => 'The request body is not as long as its Content-Length says.',
  },
  // The router answers these before any route (or hook) runs.
  FST_ERR_MAX_PARAM_LENGTH: {
    code: ErrorCode.UriTooLong,
    detail: () => 'A path segment is longer than the server accepts (100 characters); no resource has such a name.',
  },
  FST_ERR_BAD_URL: {
    code: ErrorCode.BadRequest,
    detail: () => 'The URL is not valid: a path segment has a malformed percent-encoding.',
  },
};

function translateHttpException(exception: HttpException, request: FastifyRequest): Translated {
  const status = exception.getStatus();
  // Nest answers requests that matched no route with a NotFoundException.
  if (status === 404 && request.routeOptions.url === undefined) {
    return {
      status,
      code: ErrorCode.RouteNotFound,
      detail: `No route matches ${request.method} ${request.url.split('?')[0]}.`,
    };
  }
  const body = exception.getResponse();
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  const detail = Array.isArray(message)
    ? message.join('; ')
    : typeof message === 'string'
      ? message
      : exception.message;
  return { status, code: codeForStatus(status), detail };
}

/** Methods that change nothing, so a failed connection cannot have left a change half-known. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function translateAppException(exception: AppException): Translated {
  const { errors, extensions, headers } = exception.options;
  return { status: exception.status, code: exception.code, detail: exception.detail, errors, extensions, headers };
}

export function translateError(exception: unknown, request: FastifyRequest): Translated {
  if (exception instanceof AppException) return translateAppException(exception);
  // Nest wraps Fastify's own 4xx errors in an HttpException; the original keeps the precise code.
  const fastifyError = (exception instanceof HttpException ? exception.cause : exception) as FastifyError | undefined;
  const known = fastifyError?.code ? fastifyErrors[fastifyError.code] : undefined;
  if (fastifyError && known) {
    return { status: errorStatus[known.code], code: known.code, detail: known.detail(fastifyError) };
  }
  if (exception instanceof HttpException) return translateHttpException(exception, request);
  const status = (exception as FastifyError | undefined)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: codeForStatus(status), detail: (exception as Error).message };
  }
  // A lost or refused database connection is an outage to wait out, not a bug, on every route:
  // the libraries that can say more (records, retried reads) answer it themselves; anything
  // else that reaches here unmapped is classified by the error alone.
  if (isDatabaseConnectionFailure(exception)) {
    return translateAppException(databaseUnavailable(exception, SAFE_METHODS.has(request.method) ? 'no' : 'unknown'));
  }
  return {
    status: 500,
    code: ErrorCode.Internal,
    detail: 'An unexpected error occurred. The request id identifies it in the logs.',
  };
}

/**
 * One line per failed request. A bug (500) is an error with its stack. An outage of a
 * dependency (a 5xx answer with a cause: the database, a queue) is a warning naming the
 * failure underneath, without a stack, which would only show where it was noticed. Every
 * other answer, a readiness probe's 503 included, was chosen on purpose: info.
 */
function logFailure(request: FastifyRequest, exception: unknown, translated: Translated): void {
  const { code, status, detail } = translated;
  if (code === ErrorCode.Internal) {
    request.log.error({ err: exception }, 'request failed');
    return;
  }
  const cause = exception instanceof AppException ? exception.options.cause : exception;
  if (status >= 500 && cause !== undefined) {
    request.log.warn({ code, status, cause: describeCause(cause) }, detail);
    return;
  }
  request.log.info({ code, status }, detail);
}

/**
 * Answers the request with the problem the exception stands for, and logs it. The filter below
 * uses it, and so does the app for errors Fastify raises before Nest sees the request.
 */
export function replyWithProblem(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const translated = translateError(exception, request);
  const { status } = translated;

  logFailure(request, exception, translated);
  if (reply.sent) {
    new Logger('Errors').warn(`Response already sent for request ${request.id}; error not reported to the client`);
    return;
  }
  const problem = buildProblem({ ...translated, status, requestId: request.id });
  void reply
    .status(status)
    .headers({ ...translated.headers, 'content-type': PROBLEM_CONTENT_TYPE })
    .send(JSON.stringify(problem));
}

@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    replyWithProblem(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }
}
