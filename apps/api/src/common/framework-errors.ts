// Problems for what is refused before any route runs: the router's malformed URL and over-long
// path parameter, and requests Node's HTTP parser cannot read (bad framing, oversized headers,
// a timeout). Fastify would answer these with its own JSON; they get problem+json like the rest.

import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import {
  buildProblem,
  ErrorCode,
  errorStatus,
  PROBLEM_CONTENT_TYPE,
  REQUEST_ID_HEADER,
  replyWithProblem,
} from '@stagecraft/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StaticHeaders } from './security-headers.js';
import { closeGently } from './unread-body.js';

/** The router's errors (`frameworkErrors`): no hook ran, so the usual headers are added here. */
export function frameworkErrorHandler(
  headers: StaticHeaders,
): (error: Error, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    void reply.headers(headers).header(REQUEST_ID_HEADER, request.id);
    replyWithProblem(error, request, reply);
  };
}

interface ClientError extends Error {
  code?: string;
  /** llhttp's description of what it could not parse. */
  reason?: string;
}

function clientProblem(error: ClientError): { code: ErrorCode; detail: string } {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return { code: ErrorCode.HeadersTooLarge, detail: 'The request headers are larger than the server accepts.' };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { code: ErrorCode.PayloadTooLarge, detail: 'The chunk extensions of the body are too large.' };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { code: ErrorCode.RequestTimeout, detail: 'The request was not received in time.' };
    default:
      return {
        code: ErrorCode.BadRequest,
        detail: `The request is not valid HTTP/1.1${error.reason ? `: ${error.reason}` : ''}.`,
      };
  }
}

/**
 * Node's `clientError`: answers once with a problem document, then closes gently, since the
 * client may still be sending what the parser refused. Later errors of the same socket (the
 * parser fails again on every chunk it is given) are ignored.
 */
export function clientErrorHandler(
  headers: StaticHeaders,
  lingerMs: number,
): (error: ClientError, socket: Socket) => void {
  const answered = new WeakSet<Socket>();
  return (error, socket) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || socket.destroyed) {
      socket.destroy();
      return;
    }
    const { code, detail } = clientProblem(error);
    const status = errorStatus[code];
    const requestId = randomUUID();
    const body = JSON.stringify(buildProblem({ status, code, detail, requestId }));
    // Nothing of an answer may be written twice: only when no response has begun.
    const httpMessage = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && httpMessage?.headersSent !== true) {
      const lines = [
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
        `content-type: ${PROBLEM_CONTENT_TYPE}`,
        `content-length: ${Buffer.byteLength(body)}`,
        `${REQUEST_ID_HEADER}: ${requestId}`,
        'connection: close',
        ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    closeGently(socket, lingerMs);
  };
}
