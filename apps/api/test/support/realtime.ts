// Realtime clients for tests: a server-sent events reader over node:http (parsing the stream
// as the WHATWG EventSource does: id, event, data, comments) and a WebSocket (`ws`), each
// collecting what it receives, with waits on what arrives. The SSE reader never reconnects by
// itself: tests reconnect explicitly, with the Last-Event-ID an EventSource would send.

import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { waitFor } from '@stagecraft/testing';
import WebSocket from 'ws';

export interface ReceivedEvent {
  readonly type: string;
  /** The SSE id (feed position), or the frame's position on WebSocket. */
  readonly id: string | undefined;
  readonly data: Record<string, unknown>;
}

export interface RealtimeTestClient {
  readonly events: ReceivedEvent[];
  /** Events of one type, in arrival order. */
  of(type: string): ReceivedEvent[];
  /** Waits until `count` events of `type` have arrived; returns them. */
  next(type: string, count?: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): void;
}

function collector(events: ReceivedEvent[]): Pick<RealtimeTestClient, 'of' | 'next'> {
  const of = (type: string): ReceivedEvent[] => events.filter((event) => event.type === type);
  return {
    of,
    next: async (type, count = 1, timeoutMs = 10_000) => {
      await waitFor(
        () => Promise.resolve(of(type).length),
        (seen) => seen >= count,
        { timeoutMs, what: `${count} ${type} event(s) among ${events.map((event) => event.type).join(',')}` },
      );
      return of(type);
    },
  };
}

export interface SseOptions {
  readonly token?: string;
  readonly apiKey?: string;
  readonly lastEventId?: string;
  readonly ticket?: string;
  /** Sent as Accept-Encoding (none by default, as node:http sends none). */
  readonly acceptEncoding?: string;
}

export interface SseTestClient extends RealtimeTestClient {
  /** The response head, or the refusal (status and problem body). */
  readonly response: Promise<{ status: number; headers: IncomingMessage['headers']; body?: string }>;
  /** The last id seen, as EventSource keeps it (heartbeats included). */
  lastEventId(): string | undefined;
  /** Resolves when the server ends the stream. */
  readonly ended: Promise<void>;
  /** The reconnection delay the server last asked for (`retry:`), in ms. */
  retry(): number | undefined;
  /** Stops reading the stream (the server's writes back up). */
  pause(): void;
}

/** Parses one SSE message block into the event it dispatches (undefined: no event, maybe an id). */
export function parseBlock(
  block: string,
  state: { lastId: string | undefined; retry: number | undefined },
): ReceivedEvent | undefined {
  let type = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') state.lastId = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
    else if (field === 'retry') state.retry = Number(value);
  }
  if (data.length === 0) return undefined;
  return { type, id: state.lastId, data: JSON.parse(data.join('\n')) };
}

export function openSse(baseUrl: string, options: SseOptions = {}): SseTestClient {
  const url = new URL('/api/v1/realtime', baseUrl);
  if (options.ticket !== undefined) url.searchParams.set('ticket', options.ticket);
  const events: ReceivedEvent[] = [];
  const state: { lastId: string | undefined; retry: number | undefined } = {
    lastId: options.lastEventId,
    retry: undefined,
  };
  let stream: IncomingMessage | undefined;
  let request: ClientRequest | undefined;
  let endStream: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endStream = resolve));
  const response = new Promise<{ status: number; headers: IncomingMessage['headers']; body?: string }>(
    (resolve, reject) => {
      request = httpRequest(url, {
        agent: false,
        headers: {
          accept: 'text/event-stream',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...(options.apiKey ? { 'x-api-key': options.apiKey } : {}),
          ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
          ...(options.acceptEncoding !== undefined ? { 'accept-encoding': options.acceptEncoding } : {}),
        },
      });
      request.on('error', (error) => {
        reject(error);
        endStream();
      });
      request.on('response', (res) => {
        res.setEncoding('utf8');
        if (res.statusCode !== 200) {
          let body = '';
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
            endStream();
          });
          return;
        }
        resolve({ status: 200, headers: res.headers });
        stream = res;
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let boundary = buffer.indexOf('\n\n');
          while (boundary !== -1) {
            const event = parseBlock(buffer.slice(0, boundary), state);
            if (event) events.push(event);
            buffer = buffer.slice(boundary + 2);
            boundary = buffer.indexOf('\n\n');
          }
        });
        res.on('close', () => endStream());
      });
      request.end();
    },
  );
  response.catch(() => undefined);
  return {
    events,
    ...collector(events),
    response,
    ended,
    lastEventId: () => state.lastId,
    retry: () => state.retry,
    pause: () => stream?.pause(),
    close: () => request?.destroy(),
  };
}

export interface WsOptions {
  readonly token?: string;
  readonly ticket?: string;
  readonly resumeFrom?: string;
}

/** A WebSocket on /api/v1/realtime/ws; `opened` settles with the upgrade or its refusal. */
export function openWs(
  baseUrl: string,
  options: WsOptions = {},
): RealtimeTestClient & {
  socket: WebSocket;
  opened: Promise<void>;
  refused: Promise<{ status: number; body: string }>;
  closed: Promise<{ code: number; reason: string }>;
  send(message: unknown): void;
} {
  const url = new URL('/api/v1/realtime/ws', baseUrl.replace(/^http/, 'ws'));
  if (options.ticket !== undefined) url.searchParams.set('ticket', options.ticket);
  if (options.resumeFrom !== undefined) url.searchParams.set('resume_from', options.resumeFrom);
  const socket = new WebSocket(url, { headers: options.token ? { authorization: `Bearer ${options.token}` } : {} });
  const events: ReceivedEvent[] = [];
  socket.on('message', (data) => {
    const { type, ...rest } = JSON.parse(Buffer.from(data as Buffer).toString('utf8')) as {
      type: string;
      position?: number;
    };
    events.push({ type, id: rest.position === undefined ? undefined : String(rest.position), data: rest });
  });
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
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
  opened.catch(() => undefined);
  return {
    socket,
    opened,
    refused,
    closed,
    events,
    ...collector(events),
    send: (message) => socket.send(JSON.stringify(message)),
    close: () => socket.close(),
  };
}
