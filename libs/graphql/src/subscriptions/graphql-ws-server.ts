// GraphQL over WebSocket (the graphql-ws protocol, `graphql-transport-ws`): subscriptions, and
// queries and mutations too, over one socket. Each connection is a connection of the realtime
// engine (subscription-channel.ts), so a subscription gets exactly what the same realtime
// subscription gets: same rules per event, same resume, same connection and subscription
// limits, same closing on expiry or revocation. Operations are parsed, limited and validated
// as over HTTP, against the schema version current when each one starts.
//
// The caller is the upgrade request's (bearer token, API key or single-use ticket) or, as
// graphql-ws clients usually send it, the connection_init payload's:
//   { "authorization": "Bearer <token>" | "<API key>", "resumeFrom": <position> }

import { Injectable, Logger } from '@nestjs/common';
import { CallerAuthenticator, type AuthenticatedCaller } from '@stagecraft/auth';
import { AppException } from '@stagecraft/core';
import { RealtimeHub } from '@stagecraft/realtime';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import { CloseCode, makeServer, type Context, type Server, type SubscribePayload } from 'graphql-ws';
import type { RawData, WebSocket } from 'ws';
import { GraphqlService } from '../graphql.service.js';
import type { GraphqlContext } from '../graphql-resolvers.js';
import { SubscriptionChannel, type ChangeEvent } from './subscription-channel.js';

/** Who opened the socket, as the upgrade request showed. */
export interface UpgradeCaller {
  readonly caller: AuthenticatedCaller | undefined;
  readonly address: string;
}

interface ConnectionExtra extends UpgradeCaller {
  readonly channel: SubscriptionChannel;
}

type ConnectionParams = Record<string, unknown>;
type ConnectionContext = Context<ConnectionParams, ConnectionExtra>;

/** Closes the socket with `code` (the operation never reached graphql-ws's own handling). */
class Refusal extends Error {
  constructor(
    readonly code: CloseCode | 1013,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** How the refusals of connecting map to close codes (graphql-ws's, where it has one). */
function refusalOf(error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof AppException) {
    if (error.status === 401) return new Refusal(CloseCode.Unauthorized, 'Unauthorized');
    if (error.status === 403) return new Refusal(CloseCode.Forbidden, 'Forbidden');
    if (error.status === 429) return new Refusal(1013, 'Too many connections'); // try again later
    return new Refusal(CloseCode.BadRequest, error.detail.slice(0, 120));
  }
  return new Refusal(CloseCode.InternalServerError, 'Internal server error');
}

@Injectable()
export class GraphqlWsServer {
  private readonly logger = new Logger('GraphqlWebSocket');
  private readonly server: Server<ConnectionExtra>;

  constructor(
    private readonly graphql: GraphqlService,
    private readonly hub: RealtimeHub,
    private readonly authenticator: CallerAuthenticator,
  ) {
    this.server = makeServer<ConnectionParams, ConnectionExtra>({
      onConnect: (ctx) => this.connect(ctx),
      onSubscribe: (ctx, _id, payload) => this.prepare(ctx, payload),
      onNext: (_ctx, _id, _payload, _args, result) => this.graphql.formatResult(result),
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => this.graphql.formatError(error).toJSON()),
      onClose: (ctx) => this.closed(ctx),
    });
  }

  /** Serves an upgraded socket until it closes. */
  open(socket: WebSocket, upgrade: UpgradeCaller): void {
    const channel = new SubscriptionChannel(socket);
    const closed = this.server.opened(
      {
        protocol: socket.protocol,
        // Not waiting for the socket to take each message: what it has not taken yet is what
        // the engine's slow-consumer limit counts.
        send: (data) => {
          if (socket.readyState === socket.OPEN) socket.send(data);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data, isBinary) => {
            handle(isBinary ? '' : textOf(data)).catch((error: unknown) => this.refuse(socket, error));
          }),
      },
      { ...upgrade, channel },
    );
    socket.once('close', (code, reason) => void closed(code, reason.toString('utf8')));
  }

  private refuse(socket: WebSocket, error: unknown): void {
    const refusal = refusalOf(error);
    if (refusal.code === CloseCode.InternalServerError) {
      this.logger.error(`GraphQL WebSocket failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
    socket.close(refusal.code, refusal.reason);
  }

  /** connection_init: the caller (the payload's credentials win over the upgrade's), then a realtime connection. */
  private async connect(ctx: ConnectionContext): Promise<Record<string, unknown>> {
    const params = ctx.connectionParams ?? {};
    const caller = (await this.callerOf(params)) ?? ctx.extra.caller;
    const client = this.hub.connect({
      principal: caller?.principal,
      expiresAt: caller?.expiresAt,
      address: ctx.extra.address,
      transport: ctx.extra.channel,
      resumeFrom: positionOf(params.resumeFrom),
    });
    ctx.extra.channel.client = client;
    return { position: client.position };
  }

  private async callerOf(params: ConnectionParams): Promise<AuthenticatedCaller | undefined> {
    const { authorization, apiKey } = params;
    if (authorization !== undefined && typeof authorization !== 'string') {
      throw new Refusal(CloseCode.BadRequest, 'The authorization must be a string.');
    }
    if (apiKey !== undefined && typeof apiKey !== 'string')
      throw new Refusal(CloseCode.BadRequest, 'The apiKey must be a string.');
    if (authorization === undefined && apiKey === undefined) return undefined;
    // A bare token is taken as the Authorization header's bearer token.
    const header =
      authorization === undefined || /^bearer\s/i.test(authorization) ? authorization : `Bearer ${authorization}`;
    return this.authenticator.fromCredentials({ authorization: header, apiKey });
  }

  /** An operation checked as over HTTP, with a context that can subscribe on this connection. */
  private async prepare(ctx: ConnectionContext, payload: SubscribePayload): Promise<ExecutionArgs | GraphQLError[]> {
    const channel = ctx.extra.channel;
    const client = channel.client;
    if (!client) throw new Refusal(CloseCode.Unauthorized, 'Unauthorized');
    const compiled = await this.graphql.currentSchema();
    const schema = this.graphql.schemaFor(compiled);
    let document;
    try {
      document = this.graphql.parse(payload.query);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const errors = this.graphql.validate(schema, document);
    if (errors.length > 0) return [...errors];
    const base = this.graphql.operationContext({ principal: client.principal, compiled });
    const contextValue: GraphqlContext = {
      ...base,
      subscribe: (request) => this.subscribe(channel, request),
      currentScope: async () => ({
        principal: client.principal,
        schema: await this.graphql.currentSchema(),
        now: new Date(),
      }),
    };
    return {
      schema,
      document,
      variableValues: payload.variables,
      operationName: payload.operationName,
      contextValue,
    };
  }

  /** A realtime subscription of the connection; its stream is open first so no event slips past. */
  private async subscribe(
    channel: SubscriptionChannel,
    request: { topic: string; filter?: string },
  ): Promise<AsyncIterable<ChangeEvent>> {
    const client = channel.client;
    if (!client) throw new Refusal(CloseCode.Unauthorized, 'Unauthorized');
    const id = channel.nextSubscriptionId();
    const stream = channel.open(id, () => {
      if (client.subscriptions.has(id)) this.hub.unsubscribe(client, id);
    });
    try {
      await this.hub.subscribe(client, [{ id, ...request }]);
    } catch (error) {
      channel.discard(id);
      throw asArgumentErrors(error);
    }
    return stream;
  }

  private closed(ctx: ConnectionContext): void {
    const { channel } = ctx.extra;
    channel.endAll();
    if (channel.client) this.hub.disconnect(channel.client);
  }
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return (Buffer.isBuffer(data) ? data : Buffer.from(new Uint8Array(data))).toString('utf8');
}

/** The engine names a refused subscription's fields `subscriptions[0].filter`: here they are arguments. */
function asArgumentErrors(error: unknown): unknown {
  if (!(error instanceof AppException) || !error.options.errors) return error;
  const errors = error.options.errors.map((item) => ({
    ...item,
    field: item.field.replace(/^subscriptions\[\d+\]\./, ''),
  }));
  return new AppException(error.code, error.detail, { ...error.options, errors });
}

/** `resumeFrom`: a feed position (a number or its digits), else a refusal. */
function positionOf(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && /^\d{1,15}$/.test(text)) return Number(text);
  throw new Refusal(CloseCode.BadRequest, 'The resumeFrom must be the position of an event received before.');
}
