// What listens during the soak: a webhook receiver on loopback that counts deliveries by
// event id (webhook-id), and realtime SSE subscribers through the balancer that count the
// changes they get by feed position and resume with Last-Event-ID when their stream drops.

import { createServer, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Answers 204 at once; counts every delivery per webhook-id. */
export async function startWebhookReceiver() {
  const byEventId = new Map();
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests += 1;
      const id = req.headers['webhook-id'];
      if (typeof id === 'string') byEventId.set(id, (byEventId.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    byEventId,
    requests: () => requests,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

/** The instance that held the subscriber's stream at time `t` (its first one before it connected). */
export function instanceAt(state, t) {
  let instance = state.legs[0]?.instance ?? '?';
  for (const leg of state.legs) if (leg.t <= t) instance = leg.instance;
  return instance;
}

/** Counts per feed position, in a byte array that grows (positions are dense: 1, 2, 3 …). */
class PositionCounts {
  counts = new Uint8Array(1 << 16);
  add(position) {
    while (position >= this.counts.length) {
      const bigger = new Uint8Array(this.counts.length * 2);
      bigger.set(this.counts);
      this.counts = bigger;
    }
    if (this.counts[position] < 255) this.counts[position] += 1;
  }
  get(position) {
    return position < this.counts.length ? this.counts[position] : 0;
  }
}

const RECONNECT_MS = 250;
const SUBSCRIBE_TRIES = 60;

/**
 * One SSE subscriber of `topic` through `url` (the balancer). Reconnects whenever its stream
 * ends, with the last id it saw as Last-Event-ID, and subscribes again (which replays what it
 * missed). `startPosition` is the feed position of its first connection.
 */
export function startSubscriber({ url, token, topic }) {
  const state = {
    startPosition: undefined,
    lastId: undefined,
    received: new PositionCounts(),
    changes: 0,
    /** Messages by SSE event name, heartbeats included. */
    events: {},
    resets: 0,
    reconnects: 0,
    /** Which instance held its stream from when: { t, instance } (the balancer's x-served-by). */
    legs: [],
    /** When and why its stream ended: { t, why } (a `close` event's reason, an HTTP status, an error). */
    drops: [],
    subscribeFailures: 0,
    stopped: false,
  };
  let current;
  let resolveReady;
  const ready = new Promise((done) => (resolveReady = done));

  const subscribe = async (clientId) => {
    for (let attempt = 1; attempt <= SUBSCRIBE_TRIES; attempt += 1) {
      if (state.stopped) return false;
      try {
        const response = await globalThis.fetch(`${url}/api/v1/realtime/${clientId}/subscriptions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ subscriptions: [{ topic }] }),
        });
        await response.arrayBuffer();
        if (response.status === 201) return true;
        // 404: the stream it belongs to is gone (its instance stopped); a new one will come.
        if (response.status === 404) return false;
      } catch {
        // the balancer has no instance right now
      }
      state.subscribeFailures += 1;
      await sleep(500);
    }
    return false;
  };

  let closeReason;
  const onBlock = (block) => {
    const id = /^id: (\d+)$/m.exec(block)?.[1];
    if (id !== undefined) state.lastId = id;
    const event = /^event: (\w+)$/m.exec(block)?.[1] ?? (block.startsWith(':') ? 'heartbeat' : 'other');
    state.events[event] = (state.events[event] ?? 0) + 1;
    if (event === 'change') {
      state.changes += 1;
      state.received.add(Number(id));
    } else if (event === 'connect') {
      const data = JSON.parse(/^data: (.*)$/m.exec(block)[1]);
      state.startPosition ??= data.position;
      void subscribe(data.clientId).then((ok) => {
        if (ok) resolveReady();
        else current?.destroy();
      });
    } else if (event === 'reset') state.resets += 1;
    else if (event === 'close') closeReason = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}').reason;
  };

  const connect = () => {
    if (state.stopped) return;
    let buffer = '';
    let ended = false;
    const again = (why) => {
      if (ended) return;
      ended = true;
      if (state.stopped) return;
      state.reconnects += 1;
      state.drops.push({ t: Date.now(), why: closeReason ?? (typeof why === 'string' ? why : 'stream ended') });
      closeReason = undefined;
      globalThis.setTimeout(connect, RECONNECT_MS);
    };
    const req = request(`${url}/api/v1/realtime`, {
      agent: false,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'text/event-stream',
        ...(state.lastId ? { 'last-event-id': state.lastId } : {}),
      },
    });
    current = req;
    req.on('response', (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        res.on('end', () => again(`HTTP ${res.statusCode}`));
        return;
      }
      state.legs.push({ t: Date.now(), instance: String(res.headers['x-served-by'] ?? '?') });
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          onBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      });
      res.on('end', () => again('stream ended'));
      res.on('close', () => again('stream ended'));
    });
    req.on('error', (error) => again(`error: ${error.code ?? error.message}`));
    req.end();
  };

  connect();
  return {
    state,
    ready,
    close() {
      state.stopped = true;
      current?.destroy();
    },
  };
}
