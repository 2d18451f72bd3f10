// Server-sent events framing for the realtime engine. Every message carries its feed position
// as the SSE `id`, so EventSource sends it back as Last-Event-ID when it reconnects; a
// heartbeat is a comment plus that id (it moves the client's position without an event).

import type { ServerResponse } from 'node:http';
import type { CloseReason, RealtimeMessage, RealtimeTransport } from '@stagecraft/realtime';

/** How soon EventSource should come back after a server restart, in ms. */
const RECONNECT_AFTER_SHUTDOWN_MS = 1000;

export function formatSse(message: RealtimeMessage): string {
  if (message.type === 'heartbeat') return `: heartbeat\nid: ${message.position}\n\n`;
  const { type, ...data } = message;
  const id = 'position' in message ? `id: ${message.position}\n` : '';
  return `${id}event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class SseTransport implements RealtimeTransport {
  private pending: string[] | undefined = [];

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
    const chunk = formatSse(message);
    if (this.pending) this.pending.push(chunk);
    else if (!this.raw.destroyed) this.raw.write(chunk);
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
