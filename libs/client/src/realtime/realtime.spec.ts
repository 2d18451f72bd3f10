// The realtime engine over a scripted transport: one connection for all subscriptions, changes
// routed by subscription, a reconnect that resumes from the last position (heartbeats count)
// with every subscription in one request, refusals that drop only what they name, and the
// endings that must not reconnect.
import { StagecraftError } from '../problem.js';
import { Realtime, type RealtimeEvent } from './realtime.js';
import type { OpenTransport, SubscriptionSpec, Transport, TransportEvents } from './transport.js';

interface Connection {
  readonly events: TransportEvents;
  readonly resumeFrom: number | undefined;
  readonly batches: (SubscriptionSpec & { id: string })[][];
  readonly unsubscribed: string[];
  closed: boolean;
  /** What the next subscribe call does. */
  refuse?: StagecraftError;
}

function scripted(): { open: OpenTransport; connections: Connection[] } {
  const connections: Connection[] = [];
  const open: OpenTransport = (events, resumeFrom) => {
    const connection: Connection = { events, resumeFrom, batches: [], unsubscribed: [], closed: false };
    connections.push(connection);
    const transport: Transport = {
      subscribe: (subscriptions) => {
        connection.batches.push([...subscriptions]);
        const refusal = connection.refuse;
        connection.refuse = undefined;
        return refusal ? Promise.reject(refusal) : Promise.resolve();
      },
      unsubscribe: (id) => {
        connection.unsubscribed.push(id);
        return Promise.resolve();
      },
      auth: () => Promise.resolve(),
      close: () => {
        connection.closed = true;
      },
    };
    return transport;
  };
  return { open, connections };
}

const refusal = (status: number, code: string, fields: string[] = []): StagecraftError =>
  new StagecraftError({
    type: 'urn:x',
    title: code,
    status,
    detail: 'refused',
    code,
    errors: fields.map((field) => ({ field, code: 'unknown', message: 'no' })),
  });

describe('Realtime', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('opens one connection on the first subscription and routes changes by subscription', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const seen: [string, RealtimeEvent<unknown>][] = [];
    const first = realtime.subscribe({ topic: 'posts' }, (event) => seen.push(['posts', event]));
    const second = realtime.subscribe({ topic: 'notes', filter: 'x = 1' }, (event) => seen.push(['notes', event]));
    expect(connections).toHaveLength(1);
    connections[0]!.events.message({ type: 'connect', position: 7, clientId: 'k' });
    const [a, b] = await Promise.all([first, second]);
    expect(connections[0]!.batches).toEqual([
      [
        { id: a.id, topic: 'posts' },
        { id: b.id, topic: 'notes', filter: 'x = 1' },
      ],
    ]);
    connections[0]!.events.message({ type: 'change', subscription: b.id, action: 'create', id: 'r', position: 8 });
    expect(seen).toEqual([['notes', expect.objectContaining({ action: 'create', id: 'r' })]]);
    expect(realtime.state).toBe('open');
  });

  it('reconnects from the last position, heartbeats included, with every subscription in one request', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const a = realtime.subscribe({ topic: 'posts' }, () => undefined);
    connections[0]!.events.message({ type: 'connect', position: 1 });
    await a;
    const b = realtime.subscribe({ topic: 'notes' }, () => undefined);
    await b;
    connections[0]!.events.message({ type: 'heartbeat', position: 41 });
    connections[0]!.events.end(undefined, new TypeError('network'));
    expect(realtime.state).toBe('connecting');
    await jest.runOnlyPendingTimersAsync();
    expect(connections).toHaveLength(2);
    expect(connections[1]!.resumeFrom).toBe(41);
    connections[1]!.events.message({ type: 'connect', position: 41 });
    await Promise.resolve();
    expect(connections[1]!.batches.map((batch) => batch.map((s) => s.topic))).toEqual([['posts', 'notes']]);
  });

  it('tells every subscription to refetch on reset', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const events: RealtimeEvent<unknown>[] = [];
    const subscription = realtime.subscribe({ topic: 'posts' }, (event) => events.push(event));
    connections[0]!.events.message({ type: 'connect', position: 1 });
    await subscription;
    connections[0]!.events.message({ type: 'reset', reason: 'too_old', position: 90 });
    expect(events).toEqual([{ action: 'reset', reason: 'too_old' }]);
  });

  it('drops only the subscriptions a refusal names and sends the others again', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const good = realtime.subscribe({ topic: 'posts' }, () => undefined);
    const bad = realtime.subscribe({ topic: 'posts', filter: 'nope = 1' }, () => undefined);
    connections[0]!.refuse = refusal(400, 'VALIDATION_FAILED', ['subscriptions[1].filter']);
    connections[0]!.events.message({ type: 'connect', position: 1 });
    await expect(bad).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(good).resolves.toMatchObject({ id: expect.any(String) });
    expect(connections[0]!.batches.map((batch) => batch.length)).toEqual([2, 1]);
  });

  it('closes the connection with the last unsubscribe and opens a new one for the next', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const a = realtime.subscribe({ topic: 'posts' }, () => undefined);
    const b = realtime.subscribe({ topic: 'notes' }, () => undefined);
    connections[0]!.events.message({ type: 'connect', position: 1 });
    await (await a).unsubscribe();
    expect(connections[0]!.unsubscribed).toHaveLength(1);
    await (await b).unsubscribe();
    expect(connections[0]!.closed).toBe(true);
    expect(realtime.state).toBe('idle');
    void realtime.subscribe({ topic: 'posts' }, () => undefined);
    expect(connections).toHaveLength(2);
    expect(connections[1]!.resumeFrom).toBe(1);
  });

  it.each([
    ['a revoked session', 'session_revoked', undefined],
    ['a final refusal of the stream', undefined, refusal(403, 'FORBIDDEN')],
  ])('ends every subscription after %s, without reconnecting', async (_what, reason, error) => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const events: RealtimeEvent<unknown>[] = [];
    const subscription = realtime.subscribe({ topic: 'posts' }, (event) => events.push(event));
    connections[0]!.events.message({ type: 'connect', position: 1 });
    await subscription;
    connections[0]!.events.end(reason, error);
    await jest.runOnlyPendingTimersAsync();
    expect(events).toEqual([{ action: 'unsubscribed', reason: reason ?? 'FORBIDDEN' }]);
    expect(connections).toHaveLength(1);
    expect(realtime.state).toBe('idle');
  });

  it('opens the connection again, resuming with every subscription, when the caller changes', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const subscription = realtime.subscribe({ topic: 'posts' }, () => undefined);
    connections[0]!.events.message({ type: 'connect', position: 9 });
    await subscription;
    realtime.reconnect();
    expect(connections[0]!.closed).toBe(true);
    expect(connections[1]!.resumeFrom).toBe(9);
    connections[1]!.events.message({ type: 'connect', position: 9 });
    await Promise.resolve();
    expect(connections[1]!.batches).toHaveLength(1);
  });

  it('reconnects at once when the token expired', async () => {
    const { open, connections } = scripted();
    const realtime = new Realtime(open);
    const subscription = realtime.subscribe({ topic: 'posts' }, () => undefined);
    connections[0]!.events.message({ type: 'connect', position: 5 });
    await subscription;
    connections[0]!.events.end('token_expired');
    jest.advanceTimersByTime(0);
    expect(connections).toHaveLength(2);
  });
});
