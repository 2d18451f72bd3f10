// Realtime clients of a cluster: an SSE connection ("leg") that records how it ended (the
// server finished the response, or the connection was cut) and which instance the balancer
// sent it to; and a follower that, like EventSource, reconnects through the balancer with its
// Last-Event-ID whenever its stream ends, sets its subscriptions again, and so resumes, leg
// after leg, where it left off.

import { request as httpRequest, type ClientRequest } from 'node:http';
import { waitFor, type HttpClient } from '@stagecraft/testing';
import { SERVED_BY_HEADER } from './cluster.js';
import { parseBlock, type ReceivedEvent } from './realtime.js';

export interface LegEnd {
  /** Whether the server finished the response (a clean end), rather than the connection being cut. */
  readonly complete: boolean;
  /** Date.now() when the client saw the end. */
  readonly at: number;
}

export interface SseLeg {
  readonly events: ReceivedEvent[];
  /** The response status and the instance the balancer chose (undefined when connected directly). */
  readonly opened: Promise<{ status: number; servedBy: string | undefined }>;
  readonly ended: Promise<LegEnd>;
  /** The last event id seen (heartbeats included), as EventSource keeps it. */
  lastEventId(): string | undefined;
  /** The reconnection delay the server last asked for (`retry:`), in ms. */
  retry(): number | undefined;
  of(type: string): ReceivedEvent[];
  next(type: string, count?: number, timeoutMs?: number): Promise<ReceivedEvent[]>;
  close(): void;
}

export interface LegOptions {
  readonly token?: string;
  readonly lastEventId?: string;
}

export function openSseLeg(baseUrl: string, options: LegOptions = {}): SseLeg {
  const events: ReceivedEvent[] = [];
  const state: { lastId: string | undefined; retry: number | undefined } = {
    lastId: options.lastEventId,
    retry: undefined,
  };
  const of = (type: string): ReceivedEvent[] => events.filter((event) => event.type === type);
  let request: ClientRequest | undefined;
  let finish: (end: LegEnd) => void = () => undefined;
  const ended = new Promise<LegEnd>((resolve) => (finish = resolve));
  const opened = new Promise<{ status: number; servedBy: string | undefined }>((resolve, reject) => {
    request = httpRequest(new URL('/api/v1/realtime', baseUrl), {
      agent: false,
      headers: {
        accept: 'text/event-stream',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.lastEventId !== undefined ? { 'last-event-id': options.lastEventId } : {}),
      },
    });
    request.on('error', (error) => {
      reject(error);
      finish({ complete: false, at: Date.now() });
    });
    request.on('response', (response) => {
      const servedBy = response.headers[SERVED_BY_HEADER];
      resolve({ status: response.statusCode ?? 0, servedBy: typeof servedBy === 'string' ? servedBy : undefined });
      response.setEncoding('utf8');
      let buffer = '';
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let boundary = buffer.indexOf('\n\n'); boundary !== -1; boundary = buffer.indexOf('\n\n')) {
          const event = parseBlock(buffer.slice(0, boundary), state);
          if (event) events.push(event);
          buffer = buffer.slice(boundary + 2);
        }
      });
      // 'close' follows 'end' when the response was finished; alone, the connection was cut.
      response.on('close', () => finish({ complete: response.complete, at: Date.now() }));
    });
    request.end();
  });
  opened.catch(() => undefined);
  return {
    events,
    opened,
    ended,
    lastEventId: () => state.lastId,
    retry: () => state.retry,
    of,
    next: async (type, count = 1, timeoutMs = 15_000) => {
      await waitFor(
        () => Promise.resolve(of(type).length),
        (seen) => seen >= count,
        { timeoutMs, what: `${count} ${type} event(s) among ${events.map((event) => event.type).join(',')}` },
      );
      return of(type);
    },
    close: () => request?.destroy(),
  };
}

/** Opens a subscription on the connection of `leg`, through `http` (any instance may take the call). */
export async function subscribeLeg(
  leg: SseLeg,
  http: HttpClient,
  token: string,
  subscriptions: readonly { topic: string }[],
): Promise<void> {
  const [connected] = await leg.next('connect');
  const response = await http.post(
    `/api/v1/realtime/${String(connected?.data.clientId)}/subscriptions`,
    { subscriptions },
    { token },
  );
  if (response.status !== 201) throw new Error(`subscribing: ${response.status} ${response.text}`);
}

export interface Follower {
  /** Every leg so far, the current one last. */
  readonly legs: SseLeg[];
  /** Problems met while reconnecting (a refused connection or subscription). */
  readonly problems: string[];
  /** Change events over every leg, in arrival order. */
  changes(): ReceivedEvent[];
  /** Stops reconnecting and closes the current leg. */
  stop(): Promise<void>;
}

/**
 * Follows `topics` for `token`: the first leg connects to `firstUrl`, each later one to
 * `balancerUrl`, after the `retry:` delay the server asked for, resuming from the last event id.
 */
export async function follow(
  firstUrl: string,
  balancerUrl: string,
  http: HttpClient,
  token: string,
  topics: readonly string[],
): Promise<Follower> {
  const legs: SseLeg[] = [];
  const problems: string[] = [];
  const control = { stopped: false };
  // Read through a function: the flag changes while the loop awaits.
  const stopped = (): boolean => control.stopped;
  const subscriptions = topics.map((topic) => ({ topic }));
  const openLeg = async (url: string, lastEventId: string | undefined): Promise<SseLeg> => {
    const leg = openSseLeg(url, { token, lastEventId });
    legs.push(leg);
    const { status } = await leg.opened;
    if (status !== 200) throw new Error(`connecting: ${status}`);
    await subscribeLeg(leg, http, token, subscriptions);
    return leg;
  };
  const first = await openLeg(firstUrl, undefined);
  const loop = (async () => {
    let leg = first;
    for (;;) {
      await leg.ended;
      if (stopped()) return;
      await new Promise((resolve) => setTimeout(resolve, leg.retry() ?? 0));
      if (stopped()) return;
      try {
        leg = await openLeg(balancerUrl, leg.lastEventId());
        if (stopped()) leg.close();
      } catch (error) {
        problems.push(String(error));
        return;
      }
    }
  })();
  return {
    legs,
    problems,
    changes: () => legs.flatMap((leg) => leg.of('change')),
    stop: async () => {
      control.stopped = true;
      legs.at(-1)?.close();
      await loop;
    },
  };
}
