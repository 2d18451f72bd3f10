// Answers sent before the request body was read (a 413, a refused upload, a GET with a body)
// must reach the client. Closing a socket with unread input makes the kernel send a reset, and
// the client's kernel then drops the answer it had not read yet (curl exit 55, Node EPIPE).
// So the rest of the body is read and discarded first, within a budget of bytes and time; past
// it, the answer goes out and the connection is closed gently (RFC 9112 §9.6): half-closed,
// still read, and only destroyed once the client closes or the same time has passed again.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export interface DrainBudget {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** Reads and discards what is left of the body; true when all of it came within the budget. */
export function drainBody(raw: IncomingMessage, budget: DrainBudget): Promise<boolean> {
  if (raw.complete) return Promise.resolve(true);
  if (raw.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (complete: boolean): void => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('close', onClose);
      resolve(complete);
    };
    const onData = (chunk: Buffer): void => {
      bytes += chunk.length;
      if (bytes > budget.maxBytes) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onClose = (): void => finish(raw.complete);
    const timer = setTimeout(() => finish(false), budget.timeoutMs);
    // A reader that stopped (an upload refused mid-way) would hold the body back: its pipe
    // pauses the request again whenever it is full. The answer is decided; it reads no more.
    raw.unpipe();
    raw.on('data', onData);
    raw.once('end', onEnd);
    raw.once('close', onClose);
    raw.resume();
  });
}

/**
 * Half-closes the socket once everything written to it is flushed, keeps reading (and
 * discarding, through the HTTP parser or a paused stream's buffer) until the client closes,
 * and destroys it after `timeoutMs` at the latest.
 */
export function closeGently(socket: Socket, timeoutMs: number): void {
  if (socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), timeoutMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.once('end', () => socket.destroy());
  socket.end();
}

/**
 * For every answer: when the body is still arriving, drain it before sending. A body that
 * outruns the budget keeps flowing to a discarding reader after the answer, and the socket is
 * closed gently rather than by Node's immediate close (which `connection: close` would ask for).
 */
export function registerBodyDrain(fastify: FastifyInstance, budget: DrainBudget): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const raw = request.raw;
    if (raw.complete || raw.destroyed) {
      done(null, payload);
      return;
    }
    void drainBody(raw, budget).then((complete) => {
      if (!complete && !raw.destroyed) {
        // Keeps Node from destroying the socket as soon as the answer is written; a discarding
        // reader stays attached (up to the byte budget once more) while the client reads it.
        const socket = raw.socket;
        void reply.removeHeader('connection');
        let bytes = 0;
        raw.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          if (bytes > budget.maxBytes) raw.pause();
        });
        raw.resume();
        reply.raw.once('finish', () => closeGently(socket, budget.timeoutMs));
      }
      done(null, payload);
    });
  });
}
