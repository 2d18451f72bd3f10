// GraphQL subscriptions over graphql-ws against the real API and worker: a subscription gets
// exactly what the same realtime subscription gets (rules per subscriber, leave, delete),
// relations under their own rules, refusals (credentials, rules, filters, limits, HTTP),
// completing one subscription, resume after a reconnect, queries over the socket, and a
// schema change seen by an open subscription and by the next operation on a second instance.

import type { INestApplicationContext } from '@nestjs/common';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  httpClient,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { openGraphqlWs, type GraphqlWsTestClient } from './support/graphql-ws.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { openWs, type RealtimeTestClient } from './support/realtime.js';
import { createCollection, OPEN_RULES, recordsClient, type RecordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const OWNER_ONLY = 'owner = @request.auth.id';
const NOTE_FIELDS = 'id created_at updated_at created_by version title owner_id';

describe('GraphQL subscriptions', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let owner: TestSession;
  let other: TestSession;
  let notes: RecordsClient;
  let posts: RecordsClient;
  let authors: RecordsClient;
  let beacons: RecordsClient;
  const open: (GraphqlWsTestClient | RealtimeTestClient)[] = [];

  function connect(options?: Parameters<typeof openGraphqlWs>[1]): GraphqlWsTestClient {
    const client = openGraphqlWs(api.url, options);
    open.push(client);
    return client;
  }

  /** A connection signed in through connection_init, subscribed to beacons as `sync`. */
  async function subscriber(token?: string): Promise<GraphqlWsTestClient> {
    const client = connect();
    await client.init(token ? { authorization: `Bearer ${token}` } : undefined);
    client.subscribe('sync', 'subscription { beacons { id } }');
    return client;
  }

  /** Waits until every client saw a new beacon: each change before it has arrived by then. */
  async function settle(...clients: GraphqlWsTestClient[]): Promise<void> {
    // A subscription is set a moment after its subscribe message: wait until each hears beacons.
    const beacon = await beacons.insert({ label: 'sync' });
    for (const client of clients) {
      await waitFor(
        () => Promise.resolve(client.data('sync').some((data) => data.beacons.id === beacon.id)),
        (seen) => seen,
        { what: `beacon ${beacon.id}` },
      );
    }
  }

  /** Subscribes and waits until the subscription is live (a beacon written after it arrives). */
  async function live(client: GraphqlWsTestClient): Promise<void> {
    await waitFor(
      async () => {
        const beacon = await beacons.insert({ label: 'ready' });
        await new Promise((resolve) => setTimeout(resolve, 100));
        return client.data('sync').some((data) => data.beacons.id === beacon.id);
      },
      (seen) => seen,
      { what: 'the subscription to be live' },
    );
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      RATE_LIMIT_AUTH_PER_IP: '1000',
      OUTBOX_POLL_INTERVAL_MS: '100',
      REALTIME_HEARTBEAT_SECONDS: '1',
    });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    owner = await registerUser(http);
    other = await registerUser(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: {
        list: OWNER_ONLY,
        view: OWNER_ONLY,
        create: '@request.auth.id != null',
        update: OWNER_ONLY,
        delete: OWNER_ONLY,
      },
      fields: [
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
        { name: 'title', type: 'text' },
        { name: 'secret_note', type: 'text', options: { hidden: true } },
      ],
    });
    await createCollection(http, admin, {
      name: 'authors',
      rules: { ...OPEN_RULES, list: null, view: null },
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'posts',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text' },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' } },
      ],
    });
    await createCollection(http, admin, {
      name: 'beacons',
      rules: OPEN_RULES,
      fields: [{ name: 'label', type: 'text' }],
    });
    notes = recordsClient(http, 'notes');
    posts = recordsClient(http, 'posts');
    authors = recordsClient(http, 'authors');
    beacons = recordsClient(http, 'beacons');
  }, 60_000);

  /** Realtime subscriptions the API holds now, from /metrics. */
  const subscriptions = async () =>
    Number(/^stagecraft_realtime_subscriptions (\d+)/m.exec((await http.get('/metrics')).text)?.[1]);

  afterEach(async () => {
    for (const client of open.splice(0)) client.close();
    // The server ends a closed connection's subscriptions a moment later: the next test starts without them.
    await waitFor(subscriptions, (count) => count === 0, { what: 'the closed connections’ subscriptions to end' });
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('receives exactly what the same realtime subscription receives: rules, filter, leave and delete', async () => {
    const filter = 'title != "skip"';
    const realtime = openWs(api.url, { token: owner.token });
    open.push(realtime);
    await realtime.opened;
    realtime.send({ type: 'subscribe', subscriptions: [{ id: 'n', topic: 'notes', filter }, { topic: 'beacons' }] });
    await realtime.next('subscribed');
    const graphql = await subscriber(owner.token);
    graphql.subscribe(
      'n',
      `subscription ($filter: String) { notes(filter: $filter) { action id position reason record { ${NOTE_FIELDS} } } }`,
      { filter },
    );
    await live(graphql);

    const mine = await notes.insert({ owner: owner.user.id, title: 'mine', secret_note: 'psst' }, owner.token);
    await notes.insert({ owner: other.user.id, title: 'theirs' }, other.token); // another's: never seen
    await notes.patch(mine.id, { title: 'still mine' }, owner.token);
    await notes.patch(mine.id, { title: 'skip' }, owner.token); // leaves the filter
    await notes.patch(mine.id, { title: 'back' }, owner.token); // comes back: an update
    await notes.delete(mine.id, owner.token);
    await settle(graphql);
    const beacon = await beacons.insert({ label: 'realtime sync' });
    await waitFor(
      () => Promise.resolve(realtime.of('change').some((event) => event.data.id === beacon.id)),
      (seen) => seen,
    );

    const expected = realtime
      .of('change')
      .filter((event) => event.data.subscription === 'n')
      .map(({ data }) => {
        const record = data.record as Record<string, unknown> | undefined;
        const { owner: ownerId, ...rest } = record ?? {};
        return {
          action: data.action,
          id: data.id,
          position: data.position,
          reason: null,
          record: record ? { ...rest, owner_id: ownerId } : null,
        };
      });
    expect(expected.map((change) => change.action)).toEqual(['create', 'update', 'leave', 'update', 'delete']);
    expect(graphql.data('n').map((data) => data.notes)).toEqual(expected);
    expect(graphql.of('n', 'error')).toEqual([]);
  });

  it('loads the relations a record selects under their own view rules', async () => {
    const author = await authors.insert({ name: 'Ann' }, admin.token);
    const query = 'subscription { posts { action record { title author_id author { name } } } }';
    const [asAdmin, asUser] = [await subscriber(admin.token), await subscriber(owner.token)];
    asAdmin.subscribe('p', query);
    asUser.subscribe('p', query);
    await live(asAdmin);
    await live(asUser);
    await posts.insert({ title: 'by Ann', author: author.id });
    await settle(asAdmin, asUser);
    expect(asAdmin.data('p').map((data) => data.posts.record)).toEqual([
      { title: 'by Ann', author_id: author.id, author: { name: 'Ann' } },
    ]);
    // Authors are admin-only: the id is the post's own field, the record is not shown.
    expect(asUser.data('p').map((data) => data.posts.record)).toEqual([
      { title: 'by Ann', author_id: author.id, author: null },
    ]);
  });

  it('follows one record with `id`, under its view rule', async () => {
    const [first, second] = [
      await notes.insert({ owner: owner.user.id, title: 'one' }, owner.token),
      await notes.insert({ owner: owner.user.id, title: 'two' }, owner.token),
    ];
    const client = await subscriber(owner.token);
    await live(client); // the creates have gone by
    client.subscribe('one', `subscription { notes(id: "${first.id}") { action id record { title } } }`);
    await live(client);
    await notes.patch(second.id, { title: 'two again' }, owner.token);
    await notes.patch(first.id, { title: 'one again' }, owner.token);
    await settle(client);
    expect(client.data('one')).toEqual([{ notes: { action: 'update', id: first.id, record: { title: 'one again' } } }]);
  });

  it('ends the realtime subscription when the client completes one, and the connection’s when it closes', async () => {
    const before = await subscriptions();
    const client = await subscriber(owner.token);
    client.subscribe('n', 'subscription { notes { id } }');
    await live(client);
    await waitFor(subscriptions, (count) => count === before + 2, { what: 'both subscriptions to be counted' });
    client.complete('n');
    await waitFor(subscriptions, (count) => count === before + 1, { what: 'the completed subscription to end' });
    await notes.insert({ owner: owner.user.id, title: 'after complete' }, owner.token);
    await settle(client);
    expect(client.of('n', 'next')).toEqual([]);
    client.close();
    await waitFor(subscriptions, (count) => count === before, { what: 'the closed connection’s subscriptions to end' });
  });

  it('refuses what realtime refuses, with the REST codes', async () => {
    const anonymous = await subscriber();
    anonymous.subscribe('rule', 'subscription { authors { id } }');
    anonymous.subscribe('filter', 'subscription { posts(filter: "nope = 1") { id } }');
    anonymous.subscribe('id', 'subscription { posts(id: "not-a-uuid") { id } }');
    const [rule] = await anonymous.next('rule', 'next');
    expect(rule?.payload.errors[0].extensions).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    await anonymous.next('rule', 'complete');
    const [filter] = await anonymous.next('filter', 'next');
    expect(filter?.payload.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'filter' })],
    });
    const [id] = await anonymous.next('id', 'next');
    expect(id?.payload.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [expect.objectContaining({ field: 'id' })],
    });

    const user = await subscriber(other.token);
    user.subscribe('rule', 'subscription { authors { id } }');
    const [forbidden] = await user.next('rule', 'next');
    expect(forbidden?.payload.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', status: 403 });
  });

  it('ends a subscription its rule no longer allows with an UNSUBSCRIBED error', async () => {
    await createCollection(http, admin, {
      name: 'bulletins',
      rules: OPEN_RULES,
      fields: [{ name: 'text', type: 'text' }],
    });
    const client = await subscriber(owner.token);
    client.subscribe('b', 'subscription { bulletins { id } }');
    await live(client);
    const patched = await http.patch(
      '/api/v1/collections/bulletins',
      { rules: { list: null } },
      { token: admin.token },
    );
    expect(patched.status).toBe(200);
    // The next change is matched under the new rule, which refuses the caller.
    await http.post('/api/v1/collections/bulletins/records', { text: 'after' }, { token: admin.token });
    const [ended] = await client.next('b', 'error');
    expect(ended?.payload[0]).toMatchObject({
      message: expect.stringContaining('can no longer be served'),
      extensions: { code: 'UNSUBSCRIBED' },
    });
    expect(client.of('b', 'next')).toEqual([]);
  });

  it('applies the document limits before subscribing', async () => {
    const client = await subscriber(admin.token);
    const aliases = Array.from({ length: 60 }, (_, n) => `a${n}: action`).join(' ');
    client.subscribe('wide', `subscription { posts { ${aliases} } }`);
    const [wide] = await client.next('wide', 'error');
    expect(wide?.payload[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(wide?.payload[0].message).toMatch(/alias/i);
  });

  it('answers a subscription over HTTP with a 400 naming the WebSocket route', async () => {
    const response = await http.request('POST', '/api/v1/graphql', {
      body: { query: 'subscription { posts { id } }' },
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors[0].message).toContain('/api/v1/graphql/ws');
  });

  it('refuses bad credentials: on the upgrade with a problem, in connection_init with 4401', async () => {
    const upgrade = connect({ headers: { authorization: 'Bearer not-a-token' } });
    const refused = await upgrade.refused;
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).code).toBe('UNAUTHORIZED');

    const init = connect();
    await init.opened;
    void init.init({ authorization: 'Bearer not-a-token' }).catch(() => undefined);
    expect(await init.closed).toEqual({ code: 4401, reason: 'Unauthorized' });

    const badResume = connect();
    void badResume.init({ resumeFrom: 'yesterday' }).catch(() => undefined);
    expect((await badResume.closed).code).toBe(4400);

    // The legacy subscriptions-transport-ws protocol is not spoken: the handshake picks none.
    const wrongProtocol = connect({ protocol: 'graphql-ws' });
    await expect(wrongProtocol.opened).rejects.toThrow(/subprotocol/i);
  });

  it('signs in with the upgrade request’s credentials or a realtime ticket', async () => {
    const byHeader = connect({ headers: { authorization: `Bearer ${owner.token}` } });
    await byHeader.init();
    const { ticket } = (await http.post('/api/v1/realtime/ticket', {}, { token: owner.token })).body;
    const byTicket = connect({ ticket });
    await byTicket.init();
    for (const client of [byHeader, byTicket]) {
      client.subscribe('sync', 'subscription { beacons { id } }');
      client.subscribe('n', 'subscription { notes { id } }');
      await live(client);
    }
    const note = await notes.insert({ owner: owner.user.id, title: 'seen by both' }, owner.token);
    await settle(byHeader, byTicket);
    for (const client of [byHeader, byTicket]) expect(client.data('n')).toEqual([{ notes: { id: note.id } }]);
  });

  it('pings a quiet connection at the realtime heartbeat, as the protocol’s ping', async () => {
    const client = await subscriber(owner.token);
    await waitFor(
      () => Promise.resolve(client.messages.filter((message) => message.type === 'ping').length),
      (pings) => pings >= 2,
      { what: 'two pings', timeoutMs: 5000 },
    );
    expect(client.messages.find((message) => message.type === 'ping')).toEqual({ type: 'ping' });
  });

  it('runs queries and mutations over the socket too', async () => {
    const client = await subscriber(owner.token);
    client.subscribe('q', `mutation { create_notes(data: { owner: "${owner.user.id}", title: "over ws" }) { title } }`);
    const [created] = await client.next('q', 'next');
    expect(created?.payload).toEqual({ data: { create_notes: { title: 'over ws' } } });
    await client.next('q', 'complete');
  });

  it('resumes from the last position after a reconnect', async () => {
    const first = await subscriber(owner.token);
    first.subscribe('n', 'subscription { notes { action id position } }');
    await live(first);
    await notes.insert({ owner: owner.user.id, title: 'seen' }, owner.token);
    const [seen] = await first.next('n', 'next');
    first.close();
    await first.closed;
    const missed = await notes.insert({ owner: owner.user.id, title: 'missed' }, owner.token);

    const again = connect();
    await again.init({ authorization: owner.token, resumeFrom: seen?.payload.data.notes.position });
    again.subscribe('n', 'subscription { notes { action id record { title } } }');
    const [replayed] = await again.next('n', 'next');
    expect(replayed?.payload.data.notes).toEqual({ action: 'create', id: missed.id, record: { title: 'missed' } });
  });

  it('serves a schema change to an open subscription and the next operation, on two instances', async () => {
    ensureBuilt();
    const port = await freePort();
    const second = runNode('dist/apps/api/src/main.js', [], {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      FILES_DIR: env.filesDir,
      LOG_LEVEL: 'warn',
    });
    const otherUrl = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        () =>
          httpClient(otherUrl)
            .get('/health/live')
            .then(
              (response) => response.status,
              () => 0,
            ),
        (status) => status === 200,
        { what: 'the second API', timeoutMs: 20_000 },
      );
      const there = openGraphqlWs(otherUrl);
      open.push(there);
      await there.init({ authorization: owner.token });
      there.subscribe('sync', 'subscription { beacons { id } }');
      there.subscribe('p', 'subscription { posts { record { title } } }');
      await live(there);

      const added = await http.post(
        '/api/v1/collections/posts/fields',
        { name: 'mood', type: 'text' },
        { token: admin.token },
      );
      expect(added.status).toBe(201);
      await posts.insert({ title: 'after the change', mood: 'happy' });
      await settle(there);
      // The open subscription keeps its selection, on the new schema version.
      expect(there.data('p').map((data) => data.posts.record)).toEqual([{ title: 'after the change' }]);
      expect(there.of('p', 'error')).toEqual([]);

      // The next operation on either instance sees the new field.
      there.subscribe('mood', 'subscription { posts { record { title mood } } }');
      await live(there);
      await posts.insert({ title: 'second', mood: 'calm' });
      await settle(there);
      expect(there.data('mood').map((data) => data.posts.record)).toEqual([{ title: 'second', mood: 'calm' }]);
      const query = await httpClient(otherUrl).request('POST', '/api/v1/graphql', {
        body: { query: '{ posts(sort: "-created_at", limit: 1) { items { mood } } }' },
      });
      expect(query.body).toEqual({ data: { posts: { items: [{ mood: 'calm' }] } } });
    } finally {
      await second.stop();
    }
  }, 60_000);
});
