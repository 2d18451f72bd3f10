// A webhook receiver for tests: a node:http server on 127.0.0.1 that records every request
// (headers, raw body, when it arrived, whether it was answered) and answers as told: a status,
// after a delay. Signatures are checked with node:crypto directly, not with the server's code.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  // The parsed body; tests assert on its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly json: any;
  readonly receivedAt: number;
  /** True once the answer was written (a killed client may never get it). */
  answered: boolean;
}

export interface Behaviour {
  readonly status: number;
  readonly delayMs?: number;
  readonly body?: string;
}

export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** How the next requests are answered (default: 200 at once). */
  respondWith(behaviour: Behaviour): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  let behaviour: Behaviour = { status: 200 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const received: ReceivedRequest = {
        path: request.url ?? '',
        headers: request.headers,
        body,
        json,
        receivedAt: Date.now(),
        answered: false,
      };
      requests.push(received);
      const { status, delayMs = 0, body: answer = 'ok' } = behaviour;
      const reply = (): void => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'text/plain' }).end(answer, () => {
          received.answered = true;
        });
      };
      if (delayMs > 0) setTimeout(reply, delayMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    requests,
    respondWith: (next) => {
      behaviour = next;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Standard Webhooks verification, written independently of the server's signing code. */
export function signatureIsValid(secret: string, request: ReceivedRequest): boolean {
  const id = request.headers['webhook-id'];
  const timestamp = request.headers['webhook-timestamp'];
  const signature = request.headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = Buffer.from(createHmac('sha256', key).update(`${id}.${timestamp}.${request.body}`).digest('base64'));
  return signature.split(' ').some((candidate) => {
    const [version, value] = candidate.split(',');
    const given = Buffer.from(value ?? '');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}
