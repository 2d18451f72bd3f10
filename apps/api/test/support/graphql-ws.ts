// A graphql-ws (graphql-transport-ws) client for tests, speaking the protocol's messages by
// hand so each one can be checked: connection_init/ack, subscribe, next, error, complete, and
// how the server closes the socket.

import { waitFor } from '@stagecraft/testing';
import WebSocket from 'ws';

export interface GraphqlWsMessage {
  readonly type: string;
  readonly id?: string;
  readonly payload?: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON as received
}

export interface GraphqlWsOptions {
  /** Sent on the upgrade request. */
  readonly headers?: Record<string, string>;
  readonly ticket?: string;
  readonly protocol?: string;
}

export interface GraphqlWsTestClient {
  readonly messages: GraphqlWsMessage[];
  /** The upgrade was accepted. */
  readonly opened: Promise<void>;
  /** The upgrade was refused: its status and problem body. */
  readonly refused: Promise<{ status: number; body: string }>;
  readonly closed: Promise<{ code: number; reason: string }>;
  /** Sends connection_init with `payload` and waits for the ack's payload. */
  init(payload?: Record<string, unknown>): Promise<Record<string, unknown> | undefined>;
  subscribe(id: string, query: string, variables?: Record<string, unknown>): void;
  complete(id: string): void;
  /** The messages of operation `id`, optionally of one type. */
  of(id: string, type?: string): GraphqlWsMessage[];
  /** Waits until operation `id` has `count` messages of `type`; returns them. */
  next(id: string, type: string, count?: number): Promise<GraphqlWsMessage[]>;
  /** The `data` of every `next` of operation `id`. */
  data(id: string): Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): void;
}

export function openGraphqlWs(baseUrl: string, options: GraphqlWsOptions = {}): GraphqlWsTestClient {
  const url = new URL('/api/v1/graphql/ws', baseUrl.replace(/^http/, 'ws'));
  if (options.ticket !== undefined) url.searchParams.set('ticket', options.ticket);
  const socket = new WebSocket(url, options.protocol ?? 'graphql-transport-ws', { headers: options.headers ?? {} });
  const messages: GraphqlWsMessage[] = [];
  socket.on('message', (data) => messages.push(JSON.parse(Buffer.from(data as Buffer).toString('utf8'))));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  opened.catch(() => undefined);
  const refused = new Promise<{ status: number; body: string }>((resolve) => {
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  const send = (message: unknown) => socket.send(JSON.stringify(message));
  const of = (id: string, type?: string) =>
    messages.filter((message) => message.id === id && (type === undefined || message.type === type));
  return {
    messages,
    opened,
    refused,
    closed,
    async init(payload) {
      await opened;
      send({ type: 'connection_init', ...(payload ? { payload } : {}) });
      const ack = await waitFor(
        () => Promise.resolve(messages.find((message) => message.type === 'connection_ack')),
        (found) => found !== undefined || socket.readyState !== WebSocket.OPEN,
        { what: 'connection_ack' },
      );
      if (!ack) throw new Error('the socket closed before connection_ack');
      return ack.payload as Record<string, unknown> | undefined;
    },
    subscribe: (id, query, variables) => send({ id, type: 'subscribe', payload: { query, variables } }),
    complete: (id) => send({ id, type: 'complete' }),
    of,
    async next(id, type, count = 1) {
      await waitFor(
        () => Promise.resolve(of(id, type).length),
        (seen) => seen >= count,
        { what: `${count} ${type} message(s) of ${id} among ${JSON.stringify(messages).slice(0, 2000)}` },
      );
      return of(id, type);
    },
    data: (id) => of(id, 'next').map((message) => message.payload.data),
    close: () => socket.close(),
  };
}
