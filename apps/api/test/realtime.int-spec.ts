// Realtime over SSE and WebSocket against the real API and worker: what each kind of caller
// receives under the collection's rules (create, update in and out of a filter, delete; a
// collection and a record topic; fields and expand through a relation the caller may not
// view), resume after a reconnect, tickets, token expiry and renewal, revoked sessions,
// limits, the problems subscriptions are refused with, and one subscriber's filter failing in
// PostgreSQL without holding up the others.

import type { INestApplicationContext } from '@nestjs/common';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import jwt from 'jsonwebtoken';
import { openCatalog } from './support/catalog.js';
import { login, registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { openSse, openWs, type RealtimeTestClient } from './support/realtime.js';
import { createCollection, expectProblem, OPEN_RULES, recordsClient, type RecordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const OWNER_ONLY = 'owner = @request.auth.id';
const JWT_SECRET = 'realtime-test-secret-0123456789abcdef';
const MAX_SUBSCRIPTIONS = 6;
const MAX_CONNECTIONS_PER_USER = 4;
const RESUME_MAX_EVENTS = 40;
const MAX_CONNECTIONS_PER_IP = 10;

describe('realtime', () => {
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
  const open: RealtimeTestClient[] = [];

  /** An SSE connection with its client id, closed after the test. */
  async function connect(token?: string, lastEventId?: string) {
    const client = openSse(api.url, { token, lastEventId });
    open.push(client);
    const [connected] = await client.next('connect');
    return { client, clientId: connected?.data.clientId as string, position: connected?.id as string };
  }

  const subscribe = (clientId: string, subscriptions: unknown[], token?: string) =>
    http.post(`/api/v1/realtime/${clientId}/subscriptions`, { subscriptions }, { token });

  async function subscribed(clientId: string, subscriptions: unknown[], token?: string): Promise<void> {
    const response = await subscribe(clientId, subscriptions, token);
    if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${response.text}`);
  }

  /**
   * Writes a beacon and waits until `clients` (each subscribed to `beacons`) saw it: every
   * earlier change they were going to get has arrived by then (changes come in feed order).
   */
  async function settle(...clients: RealtimeTestClient[]): Promise<void> {
    const beacon = await beacons.insert({ label: 'sync' });
    for (const client of clients) {
      await waitFor(
        () => Promise.resolve(client.events.some((event) => event.data.id === beacon.id)),
        (seen) => seen,
        { what: `beacon ${beacon.id}` },
      );
    }
  }
  const changesOf = (client: RealtimeTestClient, topic: string) =>
    client.of('change').filter((event) => event.data.topic === topic);

  /** An access token for `session`'s user and session that expires in `seconds`. */
  function shortToken(session: TestSession, seconds: number): string {
    const claims = jwt.decode(session.token) as { sub: string; sid: string; role: string; iss: string; aud: string };
    return jwt.sign({ sub: claims.sub, sid: claims.sid, role: claims.role }, JWT_SECRET, {
      algorithm: 'HS256',
      issuer: claims.iss,
      audience: claims.aud,
      expiresIn: seconds,
    });
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({
      RATE_LIMIT_AUTH_PER_IP: '1000',
      OUTBOX_POLL_INTERVAL_MS: '100',
      JWT_SECRET,
      REALTIME_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS),
      REALTIME_MAX_CONNECTIONS_PER_USER: String(MAX_CONNECTIONS_PER_USER),
      REALTIME_RESUME_MAX_EVENTS: String(RESUME_MAX_EVENTS),
      REALTIME_HEARTBEAT_SECONDS: '1',
      REALTIME_MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP),
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
    // Only admins list or view authors: an expand of a post's author is empty for others.
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
        { name: 'published', type: 'boolean' },
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
  });

  afterEach(() => {
    for (const client of open.splice(0)) client.close();
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('sends each change a subscriber may see, as its GET shows the record', async () => {
    const { client, clientId, position } = await connect();
    expect(Number(position)).toBeGreaterThanOrEqual(0);
    const response = await subscribe(clientId, [{ topic: 'posts' }]);
    expect(response.status).toBe(201);
    expect(response.body.data).toEqual([{ id: 's1', topic: 'posts', filter: null, fields: null, expand: null }]);

    const created = await posts.insert({ title: 'hello', published: true });
    const [change] = await client.next('change');
    const viaGet = await posts.get(created.id);
    expect(change?.data).toEqual({
      subscription: 's1',
      topic: 'posts',
      action: 'create',
      id: created.id,
      record: viaGet.body.data,
      position: Number(change?.id),
    });

    await posts.patch(created.id, { title: 'hello again' });
    await posts.delete(created.id);
    const changes = await client.next('change', 3);
    expect(changes.map((event) => event.data.action)).toEqual(['create', 'update', 'delete']);
    expect((changes[1]?.data.record as { title: string }).title).toBe('hello again');
    // A delete shows the record as it was.
    expect((changes[2]?.data.record as { title: string }).title).toBe('hello again');
    const positions = changes.map((event) => Number(event.id));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('applies the list rule per subscriber: owner, other user, anonymous and admin', async () => {
    const subscribers = {
      owner: await connect(owner.token),
      other: await connect(other.token),
      anonymous: await connect(),
      admin: await connect(admin.token),
    };
    const tokens = { owner: owner.token, other: other.token, anonymous: undefined, admin: admin.token };
    for (const [who, { clientId }] of Object.entries(subscribers)) {
      await subscribed(clientId, [{ topic: 'notes' }, { topic: 'beacons' }], tokens[who as keyof typeof tokens]);
    }
    const note = await notes.insert({ owner: owner.user.id, title: 'mine', secret_note: 'psst' }, owner.token);
    await notes.patch(note.id, { title: 'still mine' }, owner.token);
    const otherNote = await notes.insert({ owner: other.user.id, title: 'theirs' }, other.token);
    await notes.delete(note.id, owner.token);
    await settle(...Object.values(subscribers).map((subscriber) => subscriber.client));

    const seen = (who: keyof typeof subscribers) =>
      changesOf(subscribers[who].client, 'notes').map(
        (event) => `${String(event.data.action)}:${String(event.data.id)}`,
      );
    expect(seen('owner')).toEqual([`create:${note.id}`, `update:${note.id}`, `delete:${note.id}`]);
    expect(seen('other')).toEqual([`create:${otherNote.id}`]);
    expect(seen('anonymous')).toEqual([]);
    expect(seen('admin')).toEqual([
      `create:${note.id}`,
      `update:${note.id}`,
      `create:${otherNote.id}`,
      `delete:${note.id}`,
    ]);
    // Hidden fields stay out, as in a GET.
    for (const event of changesOf(subscribers.owner.client, 'notes')) {
      expect(event.data.record).not.toHaveProperty('secret_note');
      expect(event.data.record).toHaveProperty('title');
    }
  });

  it('refuses a subscription the rule refuses outright, like the records API', async () => {
    const anonymous = await connect();
    expectProblem(await subscribe(anonymous.clientId, [{ topic: 'authors' }]), 401, 'UNAUTHORIZED');
    const user = await connect(other.token);
    expectProblem(await subscribe(user.clientId, [{ topic: 'authors' }], other.token), 403, 'FORBIDDEN');
    const adminClient = await connect(admin.token);
    expect((await subscribe(adminClient.clientId, [{ topic: 'authors' }], admin.token)).status).toBe(201);
  });

  it('sends leave when an update takes a record out of the filter, and nothing outside it', async () => {
    const { client, clientId } = await connect(other.token);
    await subscribed(
      clientId,
      [{ id: 'live', topic: 'posts', filter: 'published = true' }, { topic: 'beacons' }],
      other.token,
    );
    const post = await posts.insert({ title: 'draft', published: false });
    await posts.patch(post.id, { published: true });
    await posts.patch(post.id, { title: 'edited' });
    await posts.patch(post.id, { published: false });
    await posts.patch(post.id, { title: 'unseen edit' });
    await posts.delete(post.id);
    await settle(client);
    const seen = changesOf(client, 'posts');
    expect(seen.map((event) => event.data.action)).toEqual(['update', 'update', 'leave']);
    expect(seen[2]?.data).toEqual({
      subscription: 'live',
      topic: 'posts',
      action: 'leave',
      id: post.id,
      position: Number(seen[2]?.id),
    });
  });

  it('delivers to every other group when one subscriber’s filter fails as it runs', async () => {
    await createCollection(http, admin, {
      name: 'shelves',
      rules: OPEN_RULES,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'books',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text' },
        { name: 'shelf', type: 'relation', options: { kind: 'many_to_one', target: 'shelves', onDelete: 'set_null' } },
      ],
    });
    const fiction = await recordsClient(http, 'shelves').insert({ name: 'fiction' });
    const failing = await connect(owner.token);
    await subscribed(
      failing.clientId,
      [{ topic: 'books', filter: 'shelf.name = "fiction"' }, { topic: 'beacons' }],
      owner.token,
    );
    const healthy = await connect(other.token);
    await subscribed(healthy.clientId, [{ topic: 'books' }, { topic: 'beacons' }], other.token);
    // The column the filter reads is renamed behind the metadata's back (as a schema change on
    // another instance would look until this one hears of it): that filter now fails in SQL.
    const catalog = await openCatalog(env.databaseUrl);
    try {
      await catalog.db.query('ALTER TABLE "data"."shelves" RENAME COLUMN "name" TO "renamed_elsewhere"');
      const book = await recordsClient(http, 'books').insert({ title: 'Dune', shelf: fiction.id });
      await settle(healthy.client, failing.client);
      expect(changesOf(healthy.client, 'books').map((event) => [event.data.action, event.data.id])).toEqual([
        ['create', book.id],
      ]);
      expect(changesOf(failing.client, 'books')).toEqual([]);
    } finally {
      await catalog.db.query('ALTER TABLE "data"."shelves" RENAME COLUMN "renamed_elsewhere" TO "name"');
      await catalog.close();
    }
  });

  it('applies fields and expand as a GET would, an expanded relation under its own view rule', async () => {
    const author = await authors.insert({ name: 'Ada' }, admin.token);
    const user = await connect(other.token);
    const boss = await connect(admin.token);
    const subscription = { topic: 'posts', fields: 'id,title,author', expand: 'author' };
    await subscribed(user.clientId, [subscription, { topic: 'beacons' }], other.token);
    await subscribed(boss.clientId, [subscription, { topic: 'beacons' }], admin.token);
    const post = await posts.insert({ title: 'a post', author: author.id });
    await settle(user.client, boss.client);

    const params = { fields: 'id,title,author', expand: 'author' };
    const [asUser] = changesOf(user.client, 'posts');
    expect(asUser?.data.record).toEqual((await posts.get(post.id, other.token, params)).body.data);
    const [asAdmin] = changesOf(boss.client, 'posts');
    expect(asAdmin?.data.record).toEqual((await posts.get(post.id, admin.token, params)).body.data);
    // The admin sees the author expanded; the user, who may not view authors, does not.
    expect(asAdmin?.data.record).toMatchObject({ expand: { author: { name: 'Ada' } } });
    expect(asUser?.data.record).not.toHaveProperty('expand.author');
  });

  it('follows one record on a record topic, under the view rule', async () => {
    const sync = await connect();
    await subscribed(sync.clientId, [{ topic: 'beacons' }]);
    const mine = await notes.insert({ owner: owner.user.id, title: 'watched' }, owner.token);
    const unwatched = await notes.insert({ owner: owner.user.id, title: 'other' }, owner.token);
    await settle(sync.client); // the creates are behind the feed's head before the watchers connect
    const watcher = await connect(owner.token);
    const snoop = await connect(other.token);
    await subscribed(watcher.clientId, [{ topic: `notes/${mine.id}` }, { topic: 'beacons' }], owner.token);
    await subscribed(snoop.clientId, [{ topic: `notes/${mine.id}` }, { topic: 'beacons' }], other.token);
    await notes.patch(unwatched.id, { title: 'changed' }, owner.token);
    await notes.patch(mine.id, { title: 'changed too' }, owner.token);
    await settle(watcher.client, snoop.client);
    expect(changesOf(watcher.client, `notes/${mine.id}`).map((event) => [event.data.action, event.data.id])).toEqual([
      ['update', mine.id],
    ]);
    expect(changesOf(snoop.client, `notes/${mine.id}`)).toEqual([]);
  });

  it('refuses bad subscriptions with the records API problems, and adds none of a refused set', async () => {
    const { clientId } = await connect(owner.token);
    const refusedWith = async (subscriptions: unknown[], status: number, code: string, field?: string) => {
      const response = await subscribe(clientId, subscriptions, owner.token);
      if (response.status !== status)
        throw new Error(`${JSON.stringify(subscriptions)}: ${response.status} ${response.text}`);
      expectProblem(response, status, code, field);
    };
    await refusedWith(
      [{ topic: 'posts' }, { topic: 'posts', filter: 'title = ' }],
      400,
      'VALIDATION_FAILED',
      'subscriptions[1].filter',
    );
    await refusedWith([{ topic: 'posts', fields: 'nope' }], 400, 'VALIDATION_FAILED', 'subscriptions[0].fields');
    await refusedWith([{ topic: 'posts', expand: 'nope' }], 400, 'VALIDATION_FAILED', 'subscriptions[0].expand');
    await refusedWith([{ topic: 'posts/not-a-uuid' }], 400, 'VALIDATION_FAILED', 'subscriptions[0].topic');
    await refusedWith([{ topic: 'nowhere' }], 404, 'NOT_FOUND');
    await refusedWith([], 400, 'VALIDATION_FAILED', 'subscriptions');
    await refusedWith([{ topic: 7 }], 400, 'VALIDATION_FAILED');
    expectProblem(
      await http.post(`/api/v1/realtime/${clientId}/subscriptions`, { subscriptions: 'posts' }, { token: owner.token }),
      400,
      'VALIDATION_FAILED',
    );
    expect((await http.get(`/api/v1/realtime/${clientId}/subscriptions`, { token: owner.token })).body.data).toEqual(
      [],
    );

    await subscribed(clientId, [{ id: 'a', topic: 'posts' }], owner.token);
    await refusedWith([{ id: 'a', topic: 'beacons' }], 409, 'CONFLICT');
    const many = Array.from({ length: MAX_SUBSCRIPTIONS }, () => ({ topic: 'posts' }));
    await refusedWith(many, 400, 'VALIDATION_FAILED', 'subscriptions');
  });

  it('manages subscriptions only on the caller’s own connections', async () => {
    const { client, clientId } = await connect(owner.token);
    expectProblem(await subscribe(clientId, [{ topic: 'posts' }], other.token), 404, 'NOT_FOUND');
    expectProblem(await subscribe(clientId, [{ topic: 'posts' }]), 404, 'NOT_FOUND');
    expectProblem(
      await subscribe('00000000-0000-4000-8000-000000000000', [{ topic: 'posts' }], owner.token),
      404,
      'NOT_FOUND',
    );
    await subscribed(
      clientId,
      [
        { id: 'p', topic: 'posts' },
        { id: 'b', topic: 'beacons' },
      ],
      owner.token,
    );
    const path = `/api/v1/realtime/${clientId}/subscriptions`;
    expectProblem(await http.delete(`${path}/p`, { token: other.token }), 404, 'NOT_FOUND');
    expect((await http.delete(`${path}/p`, { token: owner.token })).status).toBe(204);
    expectProblem(await http.delete(`${path}/p`, { token: owner.token }), 404, 'NOT_FOUND');
    expect((await http.get(path, { token: owner.token })).body.data.map((s: { id: string }) => s.id)).toEqual(['b']);
    await posts.insert({ title: 'not for me' });
    await settle(client);
    expect(changesOf(client, 'posts')).toEqual([]);
  });

  it('resumes from Last-Event-ID: every missed change once, in order, then live', async () => {
    const first = await connect(owner.token);
    await subscribed(first.clientId, [{ topic: 'posts' }], owner.token);
    const before = await posts.insert({ title: 'seen' });
    await first.client.next('change');
    first.client.close();
    const lastId = first.client.lastEventId();
    expect(lastId).toBe(first.client.of('change')[0]?.id);

    const missed = [await posts.insert({ title: 'missed 1' }), await posts.insert({ title: 'missed 2' })];
    await posts.patch(missed[0]?.id as string, { title: 'missed 1, edited' });
    await posts.delete(before.id);
    // Let the relay and this process move past them before the client comes back.
    await beacons.insert({ label: 'move on' });
    await new Promise((resolve) => setTimeout(resolve, 500));

    const again = await connect(owner.token, lastId);
    expect(again.position).toBe(lastId);
    await subscribed(again.clientId, [{ topic: 'posts' }, { topic: 'beacons' }], owner.token);
    const live = await posts.insert({ title: 'live' });
    await settle(again.client);
    const changes = changesOf(again.client, 'posts');
    expect(changes.map((event) => `${String(event.data.action)}:${String(event.data.id)}`)).toEqual([
      `create:${missed[0]?.id}`,
      `create:${missed[1]?.id}`,
      `update:${missed[0]?.id}`,
      `delete:${before.id}`,
      `create:${live.id}`,
    ]);
    expect(changesOf(again.client, 'beacons').map((event) => (event.data.record as { label: string }).label)).toEqual([
      'move on',
      'sync',
    ]);
  });

  it('tells a client to start over when its position is unknown or too far behind', async () => {
    const unknown = await connect(owner.token, '999999999');
    await subscribed(unknown.clientId, [{ topic: 'posts' }], owner.token);
    const [reset] = await unknown.client.next('reset');
    expect(reset?.data.reason).toBe('unknown_position');

    const first = await connect(owner.token);
    await subscribed(first.clientId, [{ topic: 'posts' }], owner.token);
    await posts.insert({ title: 'before the flood' });
    await first.client.next('change');
    first.client.close();
    await beacons.insertMany(Array.from({ length: RESUME_MAX_EVENTS + 5 }, (_, i) => ({ label: `flood ${i}` })));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const late = await connect(owner.token, first.client.of('change')[0]?.id);
    await subscribed(late.clientId, [{ topic: 'posts' }], owner.token);
    const [tooOld] = await late.client.next('reset');
    expect(tooOld?.data.reason).toBe('too_old');
    expect(Number(tooOld?.id)).toBeGreaterThan(Number(first.client.of('change')[0]?.id));
  });

  it('moves an idle client’s position with heartbeats', async () => {
    const { client, clientId, position } = await connect(owner.token);
    await subscribed(clientId, [{ topic: 'notes' }], owner.token);
    await beacons.insert({ label: 'elsewhere' });
    const sse = client;
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(Number(sse.lastEventId())).toBeGreaterThan(Number(position));
    expect(client.of('change')).toEqual([]);
  });

  it('opens a browser connection with a single-use ticket', async () => {
    expectProblem(await http.post('/api/v1/realtime/ticket', {}), 401, 'UNAUTHORIZED');
    const issued = await http.post('/api/v1/realtime/ticket', {}, { token: owner.token });
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ ticket: expect.stringMatching(/^rt_/), expires_in: 30 });

    const client = openSse(api.url, { ticket: issued.body.ticket });
    open.push(client);
    const [connected] = await client.next('connect');
    const clientId = connected?.data.clientId as string;
    // The connection is the owner's: the owner manages it and sees their notes.
    await subscribed(clientId, [{ topic: 'notes' }, { topic: 'beacons' }], owner.token);
    const note = await notes.insert({ owner: owner.user.id, title: 'via ticket' }, owner.token);
    await settle(client);
    expect(changesOf(client, 'notes').map((event) => event.data.id)).toEqual([note.id]);

    const reused = openSse(api.url, { ticket: issued.body.ticket });
    open.push(reused);
    const refused = await reused.response;
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body ?? '{}').code).toBe('UNAUTHORIZED');
    const forged = openSse(api.url, { ticket: 'rt_forged' });
    open.push(forged);
    expect((await forged.response).status).toBe(401);
  });

  it('ends a connection when its token expires, unless a fresh one was sent', async () => {
    const expiring = openSse(api.url, { token: shortToken(owner, 2) });
    open.push(expiring);
    await expiring.next('connect');
    const [closed] = await expiring.next('close', 1, 5000);
    expect(closed?.data.reason).toBe('token_expired');
    await expiring.ended;

    const renewed = openSse(api.url, { token: shortToken(owner, 2) });
    open.push(renewed);
    const [connected] = await renewed.next('connect');
    const clientId = connected?.data.clientId as string;
    await subscribed(clientId, [{ topic: 'beacons' }], owner.token);
    const renewal = await http.post(`/api/v1/realtime/${clientId}/auth`, {}, { token: shortToken(owner, 60) });
    expect(renewal.status).toBe(204);
    expectProblem(await http.post(`/api/v1/realtime/${clientId}/auth`, {}, { token: other.token }), 404, 'NOT_FOUND');
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await settle(renewed);
    expect(renewed.of('close')).toEqual([]);
  });

  it('closes the connections of a session that signs out', async () => {
    const session = await login(http, owner.user.email, owner.password);
    const client = openSse(api.url, { token: session.token });
    open.push(client);
    await client.next('connect');
    const survivor = await connect(owner.token);
    await subscribed(survivor.clientId, [{ topic: 'beacons' }], owner.token);
    expect((await http.post('/api/v1/auth/logout', {}, { token: session.token })).status).toBe(204);
    const [closed] = await client.next('close');
    expect(closed?.data.reason).toBe('session_revoked');
    await settle(survivor.client);
    expect(survivor.client.of('close')).toEqual([]);
  });

  it('limits connections per user', async () => {
    const user = await registerUser(http);
    for (let i = 0; i < MAX_CONNECTIONS_PER_USER; i += 1) await connect(user.token);
    const extra = openSse(api.url, { token: user.token });
    open.push(extra);
    const refused = await extra.response;
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.body ?? '{}').code).toBe('RATE_LIMITED');
  });

  it('follows a role change on an open connection', async () => {
    const promoted = await registerUser(http);
    const { client, clientId } = await connect(promoted.token);
    await subscribed(clientId, [{ topic: 'notes' }, { topic: 'beacons' }], promoted.token);
    await notes.insert({ owner: other.user.id, title: 'not yours' }, other.token);
    await settle(client);
    expect(changesOf(client, 'notes')).toEqual([]);

    const changed = await http.patch(`/api/v1/users/${promoted.user.id}`, { role: 'admin' }, { token: admin.token });
    expect(changed.status).toBe(200);
    // The role is read again on the announcement of the change: admins see every note.
    await waitFor(
      async () => {
        await notes.insert({ owner: other.user.id, title: 'seen by an admin' }, other.token);
        await settle(client);
        return changesOf(client, 'notes').length;
      },
      (seen) => seen > 0,
      { what: 'a note of another user, once an admin', intervalMs: 200 },
    );
    expect(client.of('close')).toEqual([]);
  });

  it('limits connections per address', async () => {
    await waitFor(
      async () => Number(/^stagecraft_realtime_connections (\S+)$/m.exec((await http.get('/metrics')).text)?.[1]),
      (connections) => connections === 0,
      { what: 'earlier connections gone' },
    );
    for (let i = 0; i < MAX_CONNECTIONS_PER_IP; i += 1) await connect();
    const extra = openSse(api.url);
    open.push(extra);
    const refused = await extra.response;
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('5');
  });

  it('refuses a bad Last-Event-ID or credential before the stream starts', async () => {
    const bad = openSse(api.url, { lastEventId: 'yesterday' });
    open.push(bad);
    expect((await bad.response).status).toBe(400);
    const forged = openSse(api.url, { token: 'not-a-token' });
    open.push(forged);
    expect((await forged.response).status).toBe(401);
  });

  it('applies a rule change to open connections: a refused subscription ends with unsubscribed', async () => {
    const { client, clientId } = await connect(other.token);
    await subscribed(clientId, [{ id: 'p', topic: 'posts' }, { topic: 'beacons' }], other.token);
    const closed = await http.patch('/api/v1/collections/posts', { rules: { list: null } }, { token: admin.token });
    expect(closed.status).toBe(200);
    try {
      await posts.insert({ title: 'for admins only now' });
      const [unsubscribed] = await client.next('unsubscribed');
      expect(unsubscribed?.data).toEqual({ subscription: 'p', reason: expect.stringContaining('posts') });
      await settle(client);
      expect(changesOf(client, 'posts')).toEqual([]);
    } finally {
      const reopened = await http.patch('/api/v1/collections/posts', { rules: { list: '' } }, { token: admin.token });
      expect(reopened.status).toBe(200);
    }
  });

  it('drops a connection that stops reading once it falls REALTIME_MAX_BUFFER_BYTES behind', async () => {
    const metric = async (): Promise<number> =>
      Number(/^stagecraft_realtime_dropped_connections_total (\S+)$/m.exec((await http.get('/metrics')).text)?.[1]);
    const before = await metric();
    const { client, clientId } = await connect(owner.token);
    await subscribed(clientId, [{ topic: 'posts' }], owner.token);
    client.pause();
    // About 8 MB of changes: more than the kernel's socket buffers hold on loopback.
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 40; i += 1) await posts.insert({ title: big });
    await waitFor(metric, (dropped) => dropped > before, { what: 'the slow connection dropped', timeoutMs: 15_000 });
  });

  it('counts connections, subscriptions, deliveries and their lag in /metrics', async () => {
    const metric = (text: string, name: string): number =>
      Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
    const { client, clientId } = await connect(owner.token);
    await subscribed(clientId, [{ topic: 'beacons' }, { topic: 'posts' }], owner.token);
    const before = (await http.get('/metrics')).text;
    await settle(client);
    const after = (await http.get('/metrics')).text;
    expect(metric(after, 'stagecraft_realtime_connections')).toBeGreaterThanOrEqual(1);
    expect(metric(after, 'stagecraft_realtime_subscriptions')).toBeGreaterThanOrEqual(2);
    expect(metric(after, 'stagecraft_realtime_deliveries_total')).toBeGreaterThan(
      metric(before, 'stagecraft_realtime_deliveries_total'),
    );
    expect(metric(after, 'stagecraft_realtime_delivery_lag_seconds_count')).toBeGreaterThan(0);
  });

  it('ends every connection with a reconnect hint when the API shuts down', async () => {
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', JWT_SECRET });
    const closing = await startApi(config);
    const sse = openSse(closing.url, { token: owner.token });
    await sse.next('connect');
    const socket = openWs(closing.url, { token: owner.token });
    await socket.opened;
    await closing.close();
    const [closed] = await sse.next('close');
    expect(closed?.data.reason).toBe('shutdown');
    expect(sse.retry()).toBe(1000);
    expect(await socket.closed).toEqual({ code: 1012, reason: 'shutdown' });
  });

  describe('over WebSocket', () => {
    it('subscribes with messages and receives the same changes', async () => {
      const socket = openWs(api.url, { token: owner.token });
      open.push(socket);
      await socket.opened;
      const [connected] = await socket.next('connect');
      expect(connected?.data.clientId).toEqual(expect.any(String));

      socket.send({ type: 'subscribe', ref: 'one', subscriptions: [{ topic: 'notes' }] });
      const [ack] = await socket.next('subscribed');
      expect(ack?.data).toEqual({ ref: 'one', subscriptions: [{ id: 's1', topic: 'notes' }] });
      const note = await notes.insert({ owner: owner.user.id, title: 'over ws' }, owner.token);
      const [change] = await socket.next('change');
      expect(change?.data).toMatchObject({ action: 'create', id: note.id, subscription: 's1', topic: 'notes' });
      expect(change?.data.record).toEqual((await notes.get(note.id, owner.token)).body.data);

      socket.send({ type: 'subscribe', ref: 'two', subscriptions: [{ topic: 'notes', filter: 'nope = 1' }] });
      const [error] = await socket.next('error');
      expect(error?.data).toMatchObject({ ref: 'two', problem: { status: 400, code: 'VALIDATION_FAILED' } });
      socket.send({ type: 'auth', ref: 'three', token: other.token });
      const errors = await socket.next('error', 2);
      expect(errors[1]?.data).toMatchObject({ ref: 'three', problem: { status: 403, code: 'FORBIDDEN' } });
      socket.socket.send('not json');
      expect((await socket.next('error', 3))[2]?.data).toMatchObject({ problem: { code: 'MALFORMED_JSON' } });
      socket.send({ type: 'ping', ref: 'four' });
      expect((await socket.next('pong'))[0]?.data).toEqual({ ref: 'four' });
      socket.send({ type: 'unsubscribe', ref: 'bad' });
      expect((await socket.next('error', 4))[3]?.data).toMatchObject({
        ref: 'bad',
        problem: { status: 400, code: 'BAD_REQUEST', detail: 'An unsubscribe message needs the subscription id.' },
      });
      socket.send({ type: 'unsubscribe', ref: 'five', subscription: 's1' });
      expect((await socket.next('unsubscribed'))[0]?.data).toEqual({
        ref: 'five',
        subscription: 's1',
        reason: 'requested',
      });
    });

    it('refuses a bad credential with a problem before the upgrade', async () => {
      const socket = openWs(api.url, { token: 'not-a-token' });
      open.push(socket);
      const refused = await socket.refused;
      expect(refused.status).toBe(401);
      expect(JSON.parse(refused.body).code).toBe('UNAUTHORIZED');
    });

    it('resumes from resume_from', async () => {
      const first = openWs(api.url, { token: owner.token });
      open.push(first);
      await first.opened;
      first.send({ type: 'subscribe', subscriptions: [{ topic: 'posts' }] });
      await first.next('subscribed');
      await posts.insert({ title: 'ws seen' });
      const [seen] = await first.next('change');
      first.close();
      const missed = await posts.insert({ title: 'ws missed' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const again = openWs(api.url, { token: owner.token, resumeFrom: seen?.id });
      open.push(again);
      await again.opened;
      again.send({ type: 'subscribe', subscriptions: [{ topic: 'posts' }] });
      const [change] = await again.next('change');
      expect(change?.data).toMatchObject({ action: 'create', id: missed.id });
    });
  });
});
