// The single place where any error becomes an application/problem+json response:
// domain exceptions, Nest HTTP exceptions, Fastify's own errors and unexpected failures.

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppException, type FieldError } from './app-exception.js';
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

export function translateError(exception: unknown, request: FastifyRequest): Translated {
  if (exception instanceof AppException) {
    const { errors, extensions, headers } = exception.options;
    return { status: exception.status, code: exception.code, detail: exception.detail, errors, extensions, headers };
  }
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
  return {
    status: 500,
    code: ErrorCode.Internal,
    detail: 'An unexpected error occurred. The request id identifies it in the logs.',
  };
}

@Catch()
export class ProblemExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const translated = translateError(exception, request);
    const { status } = translated;

    if (status >= 500) {
      request.log.error({ err: exception }, 'request failed');
    } else {
      request.log.info({ code: translated.code, status }, translated.detail);
    }
    if (reply.sent) {
      this.logger.warn(`Response already sent for request ${request.id}; error not reported to the client`);
      return;
    }
    const problem = buildProblem({ ...translated, status, requestId: request.id });
    void reply
      .status(status)
      .headers({ ...translated.headers, 'content-type': PROBLEM_CONTENT_TYPE })
      .send(JSON.stringify(problem));
  }
}
