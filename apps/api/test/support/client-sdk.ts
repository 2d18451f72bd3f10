// Helpers for the @stagecraft/client specs: a fetch that records what the client sends and can
// break the network on cue (drop a response after the server handled it, hold a request until a
// gate opens, cut a stream), a client over it signed in as a test user, and a clean end of
// realtime connections before the app closes.

import {
  createClient,
  memoryStorage,
  type ClientOptions,
  type FetchLike,
  type StagecraftClient,
} from '@stagecraft/client';
import type { CollectionTypes, UntypedSchema } from '@stagecraft/client';
import { RealtimeHub } from '@stagecraft/realtime';
import { waitFor } from '@stagecraft/testing';
import { GOOD_PASSWORD, type TestSession } from './identity.js';
import type { RunningApi } from './running-apps.js';

export interface SentRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Bytes of a Blob body (tus chunks). */
  readonly bytes: number;
}

/** Decides what happens to one request; undefined lets it through untouched. */
export type Fault = (request: SentRequest) => 'drop-response' | Promise<void> | undefined;

export interface NetworkControl {
  readonly sent: SentRequest[];
  readonly fetch: FetchLike;
  /** Requests matching the method and path pattern, in order. */
  matching(method: string, path: RegExp): SentRequest[];
  /** Rules applied to every request (each may act once and remove itself). */
  faults: Fault[];
  /** Ends every response body still streaming (SSE): the connection drops as if the network did. */
  cutStreams(): void;
}

export function controlledNetwork(): NetworkControl {
  const sent: SentRequest[] = [];
  const streams = new Set<AbortController>();
  const control: NetworkControl = {
    sent,
    faults: [],
    matching: (method, path) => sent.filter((request) => request.method === method && path.test(request.path)),
    cutStreams: () => {
      for (const stream of streams) stream.abort();
      streams.clear();
    },
    fetch: async (input, init = {}) => {
      const url = new URL(input);
      const request: SentRequest = {
        method: init.method ?? 'GET',
        path: url.pathname,
        headers: { ...(init.headers as Record<string, string> | undefined) },
        bytes: init.body instanceof Blob ? init.body.size : 0,
      };
      sent.push(request);
      let dropResponse = false;
      for (const fault of [...control.faults]) {
        const outcome = fault(request);
        if (outcome === 'drop-response') dropResponse = true;
        else if (outcome) await outcome;
      }
      const aborter = new AbortController();
      if (init.signal?.aborted) aborter.abort(init.signal.reason);
      init.signal?.addEventListener('abort', () => aborter.abort(init.signal?.reason));
      const response = await fetch(input, { ...init, signal: aborter.signal });
      if (dropResponse) {
        await response.body?.cancel();
        throw new TypeError('fetch failed (the test dropped the response)');
      }
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) streams.add(aborter);
      return response;
    },
  };
  return control;
}

/** A client of the API signed in with the session's credentials. */
export async function signedInClient<S extends { [C in keyof S]: CollectionTypes } = UntypedSchema>(
  url: string,
  session: Pick<TestSession, 'user'>,
  options: ClientOptions = {},
): Promise<StagecraftClient<S>> {
  const client = createClient<S>(url, { storage: memoryStorage(), ...options });
  const result = await client.auth.login({ email: session.user.email, password: GOOD_PASSWORD });
  if (result.status !== 'signed_in') throw new Error(`sign-in of ${session.user.email}: ${result.status}`);
  return client;
}

/** Ends the clients' realtime connections and waits until the server saw them go. */
export async function closeRealtime(
  api: RunningApi,
  clients: readonly { realtime: { close(): void } }[],
): Promise<void> {
  for (const client of clients) client.realtime.close();
  const hub = api.app.get(RealtimeHub);
  await waitFor(
    () => Promise.resolve(hub.stats().connections),
    (open) => open === 0,
    { what: 'the realtime connections to close' },
  );
}
