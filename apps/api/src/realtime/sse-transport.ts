// Server-sent events framing for the realtime engine. Every message carries its feed position
// as the SSE `id`, so EventSource sends it back as Last-Event-ID when it reconnects; a
// heartbeat is a comment plus that id (it moves the client's position without an event).

import type { ServerResponse } from 'node:http';
import { messageJson, type CloseReason, type RealtimeMessage, type RealtimeTransport } from '@stagecraft/realtime';

/** How soon EventSource should come back after a server restart, in ms. */
const RECONNECT_AFTER_SHUTDOWN_MS = 1000;

/** Changes sent to many connections are encoded once per record and message head. */
const encodedChanges = new WeakMap<object, Map<string, Buffer>>();

/** The bytes of a message; the same change for many connections is encoded once. */
export function encodeSse(message: RealtimeMessage): Buffer | string {
  if (message.type !== 'change' || message.record === undefined) return formatSse(message);
  const head = `${message.position}\u0000${message.subscription}\u0000${message.topic}\u0000${message.action}`;
  let byHead = encodedChanges.get(message.record);
  if (byHead === undefined) {
    byHead = new Map();
    encodedChanges.set(message.record, byHead);
  }
  let encoded = byHead.get(head);
  if (encoded === undefined) {
    encoded = Buffer.from(formatSse(message), 'utf8');
    byHead.set(head, encoded);
  }
  return encoded;
}

export function formatSse(message: RealtimeMessage): string {
  if (message.type === 'heartbeat') return `: heartbeat\nid: ${message.position}\n\n`;
  const id = 'position' in message ? `id: ${message.position}\n` : '';
  return `${id}event: ${message.type}\ndata: ${messageJson(message, false)}\n\n`;
}

export class SseTransport implements RealtimeTransport {
  private pending: (Buffer | string)[] | undefined = [];

  constructor(private readonly raw: ServerResponse) {}

  /** Writes the response head and whatever was sent before it. */
  open(headers: Record<string, string | string[] | number | undefined>): void {
    this.raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // Proxies such as nginx would otherwise hold events back in their buffers.
      'x-accel-buffering': 'no',
    });
    const pending = this.pending ?? [];
    this.pending = undefined;
    for (const chunk of pending) this.raw.write(chunk);
  }

  send(message: RealtimeMessage): void {
    const chunk = encodeSse(message);
    if (this.pending) this.pending.push(chunk);
    else if (!this.raw.destroyed) {
      // The changes of one batch go out in one write (one system call), not one each.
      if (this.raw.writableCorked === 0) {
        this.raw.cork();
        process.nextTick(() => this.raw.uncork());
      }
      this.raw.write(chunk);
    }
  }

  bufferedBytes(): number {
    return this.raw.writableLength;
  }

  close(reason: CloseReason, detail: string): void {
    if (this.raw.destroyed) return;
    // Its connection is full: nothing more would get through.
    if (reason === 'slow_consumer') {
      this.raw.destroy();
      return;
    }
    const retry = reason === 'shutdown' ? `retry: ${RECONNECT_AFTER_SHUTDOWN_MS}\n` : '';
    this.raw.end(`${retry}event: close\ndata: ${JSON.stringify({ reason, detail })}\n\n`);
  }
}
