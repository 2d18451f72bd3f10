// GET /api/v1/realtime/ws: the WebSocket transport of the realtime engine. The caller is
// identified before the upgrade (a refused one gets an HTTP problem, not a socket), then the
// same messages as the SSE stream travel as JSON frames, and the client manages its
// subscriptions and token with messages instead of HTTP calls:
//   {"type":"subscribe","subscriptions":[…],"ref":"1"}   → {"type":"subscribed","ref":"1","subscriptions":[…]}
//   {"type":"unsubscribe","subscription":"s1","ref":"2"} → {"type":"unsubscribed","ref":"2",…}
//   {"type":"auth","token":"<access token>","ref":"3"}   → {"type":"authenticated","ref":"3"}
// A refused message gets {"type":"error","ref":…,"problem":{…}} with the HTTP API's problem.

import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CallerAuthenticator, type AuthenticatedCaller } from '@stagecraft/auth';
import { AppException, buildProblem, ErrorCode, replyWithProblem } from '@stagecraft/core';
import {
  messageJson,
  RealtimeHub,
  WS_CLOSE_CODES,
  type CloseReason,
  type RealtimeClient,
  type RealtimeMessage,
  type RealtimeTransport,
} from '@stagecraft/realtime';
import type { FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { parsePosition, RealtimeCaller } from './realtime-caller.js';

export const WS_PATH = '/api/v1/realtime/ws';

class WebSocketTransport implements RealtimeTransport {
  constructor(private readonly socket: WebSocket) {}

  send(message: RealtimeMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(messageJson(message, true));
  }

  /** Answers to the client's own messages (subscribed, error, pong …). */
  reply(message: Record<string, unknown>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  /** A close reason is at most 123 bytes: the code and the reason's name say it, not the detail. */
  close(reason: CloseReason): void {
    if (reason === 'slow_consumer') this.socket.terminate();
    else this.socket.close(WS_CLOSE_CODES[reason], reason);
  }
}

interface PendingConnection {
  caller: AuthenticatedCaller | undefined;
  resumeFrom: number | undefined;
}

const pending = new WeakMap<FastifyRequest, PendingConnection>();
const logger = new Logger('RealtimeWebSocket');

/** The route, on Fastify with the WebSocket plugin registered (websockets.ts). */
export function registerRealtimeWebSocket(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const hub = (): RealtimeHub => app.get(RealtimeHub);

  fastify.get<{ Querystring: Record<string, unknown> }>(
    WS_PATH,
    {
      websocket: true,
      // Refusals happen here, before the upgrade, as problem documents.
      preValidation: async (request, reply) => {
        try {
          const resumeFrom = parsePosition(request.query.resume_from);
          const caller = await app.get(RealtimeCaller).identify(request.headers, request.query.ticket);
          hub().admit(caller?.principal, request.ip);
          pending.set(request, { caller, resumeFrom });
        } catch (error) {
          replyWithProblem(error, request, reply);
          return reply;
        }
      },
    },
    (socket, request) => {
      const { caller, resumeFrom } = pending.get(request) ?? { caller: undefined, resumeFrom: undefined };
      const transport = new WebSocketTransport(socket);
      let client: RealtimeClient;
      try {
        client = hub().connect({
          principal: caller?.principal,
          expiresAt: caller?.expiresAt,
          address: request.ip,
          transport,
          resumeFrom,
        });
      } catch (error) {
        // Admitted before the upgrade, but another connection took the last place since; 1013: try again later.
        socket.close(1013, error instanceof AppException ? error.code : 'refused');
        return;
      }
      socket.on('close', () => hub().disconnect(client));
      socket.on('message', (data, isBinary) => {
        void handleMessage(app, client, transport, isBinary ? undefined : textOf(data));
      });
    },
  );
}

async function handleMessage(
  app: NestFastifyApplication,
  client: RealtimeClient,
  transport: WebSocketTransport,
  text: string | undefined,
): Promise<void> {
  let ref: unknown;
  try {
    const message = parseMessage(text);
    ref = message.ref;
    const hub = app.get(RealtimeHub);
    switch (message.type) {
      case 'subscribe': {
        const added = await hub.subscribe(client, message.subscriptions);
        transport.reply({ type: 'subscribed', ref, subscriptions: added.map(({ id, topic }) => ({ id, topic })) });
        return;
      }
      case 'unsubscribe':
        if (typeof message.subscription !== 'string')
          throw badMessage('An unsubscribe message needs the subscription id.');
        hub.unsubscribe(client, message.subscription);
        transport.reply({ type: 'unsubscribed', ref, subscription: message.subscription, reason: 'requested' });
        return;
      case 'auth': {
        if (typeof message.token !== 'string') throw badMessage('An auth message needs a token.');
        const caller = await app.get(CallerAuthenticator).fromAccessToken(message.token);
        hub.renew(client, caller.principal, caller.expiresAt);
        transport.reply({ type: 'authenticated', ref });
        return;
      }
      case 'ping':
        transport.reply({ type: 'pong', ref });
        return;
      default:
        throw badMessage('The type must be subscribe, unsubscribe, auth or ping.');
    }
  } catch (error) {
    const problem =
      error instanceof AppException
        ? buildProblem({
            status: error.status,
            code: error.code,
            detail: error.detail,
            requestId: client.id,
            errors: error.options.errors,
          })
        : unexpected(error, client.id);
    transport.reply({ type: 'error', ref, problem });
  }
}

function unexpected(error: unknown, clientId: string): ReturnType<typeof buildProblem> {
  logger.error(`Realtime message of ${clientId} failed: ${error instanceof Error ? error.stack : String(error)}`);
  return buildProblem({
    status: 500,
    code: ErrorCode.Internal,
    detail: 'The message could not be handled.',
    requestId: clientId,
  });
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
}

interface ClientMessage {
  type?: unknown;
  ref?: unknown;
  subscriptions?: unknown;
  subscription?: unknown;
  token?: unknown;
}

function parseMessage(text: string | undefined): ClientMessage {
  if (text === undefined) throw badMessage('Send JSON text frames.');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    throw new AppException(ErrorCode.MalformedJson, 'The message is not valid JSON.');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message))
    throw badMessage('Send a JSON object.');
  return message;
}

function badMessage(detail: string): AppException {
  return new AppException(ErrorCode.BadRequest, detail);
}
