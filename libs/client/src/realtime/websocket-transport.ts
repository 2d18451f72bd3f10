// Realtime over a WebSocket, for platforms whose fetch cannot stream (React Native) or apps
// that prefer it. Sockets cannot send headers, so a signed-in caller first trades its
// credentials for a single-use ticket; subscriptions and tokens travel as messages.

import type { Credentials, Http } from '../http.js';
import { StagecraftError, type Problem } from '../problem.js';
import type { OpenTransport, ServerMessage } from './transport.js';

/** The part of the WebSocket API used here: browsers, Deno, React Native and Node's `ws` all have it. */
interface SocketLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onclose: ((event: { readonly code: number; readonly reason: string }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
/** A WebSocket class: the platform's, or one from a package (`ws` in Node 20). Typed loosely, so any of them fits. */
export type SocketConstructor = new (url: string) => object;

interface Pending {
  resolve(): void;
  reject(error: unknown): void;
}

export const webSocketTransport =
  (http: Http, credentials: Credentials, Socket: SocketConstructor | undefined): OpenTransport =>
  (events, resumeFrom) => {
    const pending = new Map<string, Pending>();
    let socket: SocketLike | undefined;
    let refs = 0;
    let over = false;
    const end = (reason: string | undefined, error?: unknown): void => {
      for (const request of pending.values()) request.reject(new Error('realtime connection closed'));
      pending.clear();
      if (!over) events.end(reason, error);
      over = true;
    };
    const call = (message: object): Promise<void> =>
      new Promise((resolve, reject) => {
        if (!socket) return reject(new Error('not connected'));
        const ref = `${++refs}`;
        pending.set(ref, { resolve, reject });
        socket.send(JSON.stringify({ ...message, ref }));
      });

    const open = async (): Promise<void> => {
      if (!Socket) throw new TypeError('No WebSocket here: pass one as options.realtime.WebSocket');
      const signedIn = Object.keys(await credentials.headers()).length > 0;
      const ticket = signedIn
        ? (await http.request<{ ticket: string }>('POST', '/api/v1/realtime/ticket')).ticket
        : undefined;
      if (over) return;
      socket = new Socket(
        http.url('/api/v1/realtime/ws', { ticket, resume_from: resumeFrom }).replace(/^http/, 'ws'),
      ) as SocketLike;
      socket.onmessage = ({ data }) => {
        const message = JSON.parse(String(data)) as ServerMessage & { ref?: string; problem?: Problem };
        const request = message.ref === undefined ? undefined : pending.get(message.ref);
        if (!request) return events.message(message);
        pending.delete(message.ref as string);
        if (message.problem) request.reject(new StagecraftError(message.problem));
        else request.resolve();
      };
      socket.onclose = ({ reason }) => end(reason || undefined);
    };
    open().catch((error: unknown) => end(undefined, error));

    return {
      subscribe: (subscriptions) => call({ type: 'subscribe', subscriptions }),
      unsubscribe: (subscription) => call({ type: 'unsubscribe', subscription }),
      auth: (token) => call({ type: 'auth', token }),
      close: () => {
        over = true;
        socket?.close();
      },
    };
  };
