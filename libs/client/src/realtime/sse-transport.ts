// Realtime over server-sent events read through fetch: the stream carries the caller's own
// credentials and `Last-Event-ID` (which EventSource cannot set), and the connection's
// subscriptions and token are managed with the HTTP calls of docs/realtime.md.

import type { Http } from '../http.js';
import { errorOf } from '../problem.js';
import { readSse } from './sse-reader.js';
import type { OpenTransport, ServerMessage } from './transport.js';

const REALTIME = '/api/v1/realtime';

export const sseTransport =
  (http: Http): OpenTransport =>
  (events, resumeFrom) => {
    const aborter = new AbortController();
    let clientId: string | undefined;
    let closeReason: string | undefined;
    let over = false;
    const end = (reason: string | undefined, error?: unknown): void => {
      if (!over) events.end(reason, error);
      over = true;
    };
    const manage = (method: string, path: string, body?: object): Promise<void> =>
      clientId === undefined
        ? Promise.reject(new Error('not connected'))
        : http.request(method, `${REALTIME}/${clientId}${path}`, { body });

    const stream = async (): Promise<void> => {
      const response = await http.send('GET', REALTIME, {
        headers: {
          accept: 'text/event-stream',
          ...(resumeFrom === undefined ? {} : { 'last-event-id': `${resumeFrom}` }),
        },
        signal: aborter.signal,
      });
      if (!response.ok || !response.body) throw await errorOf(response);
      await readSse(response.body, ({ type, data, id }) => {
        const fields = (data ? JSON.parse(data) : {}) as Record<string, unknown>;
        if (type === 'close') closeReason = fields.reason as string;
        else {
          const message: ServerMessage = {
            ...fields,
            type: type ?? 'heartbeat',
            position: id ? Number(id) : undefined,
          };
          if (message.type === 'connect') clientId = message.clientId as string;
          events.message(message);
        }
      });
      end(closeReason);
    };
    stream().catch((error: unknown) => end(closeReason, error));

    return {
      subscribe: (subscriptions) => manage('POST', '/subscriptions', { subscriptions }),
      unsubscribe: (id) => manage('DELETE', `/subscriptions/${encodeURIComponent(id)}`),
      // The new token travels as this request's bearer token.
      auth: () => manage('POST', '/auth'),
      close: () => {
        over = true;
        aborter.abort();
      },
    };
  };
