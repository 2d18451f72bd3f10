// @stagecraft/client's realtime against the real API and worker, over SSE (fetch streaming) and
// WebSocket (`ws` in Node, with a ticket): filtered, shaped and expanded subscriptions, a record
// topic, unsubscribing, a new token handed to the open connection, and after a dropped
// connection a reconnect that replays what was missed exactly once (docs/realtime.md, Resuming).

import type { INestApplicationContext } from '@nestjs/common';
import type { RealtimeEvent, StagecraftClient } from '@stagecraft/client';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import WebSocket from 'ws';
import { closeRealtime, controlledNetwork, signedInClient, type NetworkControl } from './support/client-sdk.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

interface Post {
  readonly id: string;
  readonly created_at: string;
  readonly updated_at: string;
  readonly created_by: string | null;
  readonly version: number;
  readonly title: string;
  readonly author: string | null;
}
interface Author extends Omit<Post, 'title' | 'author'> {
  readonly name: string;
}
interface TestSchema {
  posts: {
    record: Post;
    create: { title: string; author?: string | null };
    update: { title?: string; author?: string | null };
    relations: { author: { target: 'authors'; many: false } };
  };
  authors: { record: Author; create: { name: string }; update: { name?: string }; relations: Record<string, never> };
}

/** Collects a subscription's events and waits for them. */
function collector<R>() {
  const events: RealtimeEvent<R>[] = [];
  return {
    events,
    handler: (event: RealtimeEvent<R>) => events.push(event),
    /** Waits until `count` events have arrived. */
    next: (count: number, what = `${count} event(s)`) =>
      waitFor(
        () => Promise.resolve(events.length),
        (length) => length >= count,
        { what },
      ),
  };
}

/** A gate a request waits at until it is opened. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describe('@stagecraft/client: realtime', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  const clients: StagecraftClient<TestSchema>[] = [];

  const write = async (title: string, author: string | null = null): Promise<Post> => {
    const created = await http.post('/api/v1/collections/posts/records', { title, author }, { token: admin.token });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    return created.body.data;
  };

  async function client(network: NetworkControl, transport: 'sse' | 'websocket' = 'sse') {
    const created = await signedInClient<TestSchema>(api.url, user, {
      fetch: network.fetch,
      realtime: { transport, WebSocket },
    });
    clients.push(created);
    return created;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'authors',
      rules: OPEN_RULES,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'posts',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
      ],
    });
  });

  afterAll(async () => {
    if (api) await closeRealtime(api, clients);
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('delivers the changes a filtered, shaped and expanded subscription asks for', async () => {
    const sdk = await client(controlledNetwork());
    const author = await http.post('/api/v1/collections/authors/records', { name: 'Ada' }, { token: admin.token });
    const seen = collector<Pick<Post, 'title' | 'author'> & { expand?: { author?: Author } }>();
    const subscription = await sdk
      .collection('posts')
      .subscribe({ filter: 'title ~ "live"', fields: ['title', 'author'], expand: ['author'] }, seen.handler);
    expect(sdk.realtime.state).toBe('open');
    await write('not this one');
    const post = await write('live one', author.body.data.id);
    await seen.next(1);
    expect(seen.events).toEqual([
      expect.objectContaining({
        action: 'create',
        id: post.id,
        position: expect.any(Number),
        record: { title: 'live one', author: author.body.data.id, expand: { author: author.body.data } },
      }),
    ]);
    await subscription.unsubscribe();
    expect(sdk.realtime.state).toBe('idle');
  });

  it('follows one record, and unsubscribing one subscription keeps the others', async () => {
    const network = controlledNetwork();
    const sdk = await client(network);
    const all = collector<Post>();
    await sdk.collection('posts').subscribe({ filter: 'title ~ "followed"' }, all.handler);
    const post = await write('followed');
    await all.next(1, 'the create');
    const one = collector<Post>();
    const record = await sdk.collection('posts').subscribe({ record: post.id }, one.handler);
    await http.patch(
      `/api/v1/collections/posts/records/${post.id}`,
      { title: 'followed, changed' },
      { token: admin.token },
    );
    await one.next(1);
    expect(one.events[0]).toMatchObject({ action: 'update', record: { title: 'followed, changed' } });
    await record.unsubscribe();
    expect(network.matching('DELETE', /\/realtime\/[^/]+\/subscriptions\//)).toHaveLength(1);
    await write('followed after');
    await all.next(3);
    expect(one.events).toHaveLength(1);
    expect(all.events.map((event) => event.action)).toEqual(['create', 'update', 'create']);
  });

  it('hands a refreshed token to the open connection', async () => {
    const network = controlledNetwork();
    const sdk = await client(network);
    await sdk.collection('posts').subscribe({}, () => undefined);
    await sdk.auth.refresh();
    await waitFor(
      () => Promise.resolve(network.matching('POST', /\/realtime\/[^/]+\/auth$/).length),
      (count) => count === 1,
      { what: 'POST /realtime/{clientId}/auth' },
    );
  });

  it.each(['sse', 'websocket'] as const)(
    'over %s, reconnects after a drop and replays what was missed, exactly once',
    async (transport) => {
      const network = controlledNetwork();
      const sockets: WebSocket[] = [];
      const sdk = await signedInClient<TestSchema>(api.url, user, {
        fetch: network.fetch,
        realtime: {
          transport,
          WebSocket: class extends WebSocket {
            constructor(url: string) {
              super(url);
              sockets.push(this);
            }
          },
        },
      });
      clients.push(sdk);
      const states: string[] = [];
      sdk.realtime.onState((state) => states.push(state));
      const seen = collector<Post>();
      await sdk.collection('posts').subscribe({ filter: `title ~ "${transport}"` }, seen.handler);
      await write(`${transport} before`);
      await seen.next(1);
      states.length = 0;

      // The connection drops, and the way back is held until changes were made meanwhile.
      const held = gate();
      const reconnect = transport === 'sse' ? /^\/api\/v1\/realtime$/ : /^\/api\/v1\/realtime\/ticket$/;
      network.faults.push((request) => (reconnect.test(request.path) ? held.wait : undefined));
      if (transport === 'sse') network.cutStreams();
      else sockets[0]?.terminate();
      await waitFor(
        () => Promise.resolve(states.includes('connecting')),
        (seenState) => seenState,
        { what: 'the client noticing the drop' },
      );
      const missed = [await write(`${transport} missed 1`), await write(`${transport} missed 2`)];
      held.open();
      await seen.next(3);
      await write(`${transport} after`);
      await seen.next(4);
      expect(seen.events.map((event) => (event.action === 'create' ? event.record.title : event.action))).toEqual([
        `${transport} before`,
        ...missed.map((post) => post.title),
        `${transport} after`,
      ]);
      if (transport === 'sse') {
        const streams = network.matching('GET', /^\/api\/v1\/realtime$/);
        expect(streams).toHaveLength(2);
        expect(streams[1]?.headers['last-event-id']).toMatch(/^\d+$/);
      } else {
        expect(network.matching('POST', /^\/api\/v1\/realtime\/ticket$/)).toHaveLength(2);
        expect(sockets[1]?.url).toMatch(/[?&]resume_from=\d+/);
        expect(sockets[1]?.url).toMatch(/[?&]ticket=rt_/);
      }
      expect(states).toEqual(['connecting', 'open']);
    },
  );
});
