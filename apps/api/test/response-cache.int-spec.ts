// Response caching (`cache: { ttl }` on a collection): list and get answers stored in Redis,
// marked X-Cache, shared only within one rule context, and ended at once by any committed
// change to the data they read: API writes, bulk changes, cascades, expanded relations,
// imports without events, and changes no API process made (through the outbox relay). With
// Redis away the cache is bypassed and reads still answer.

import type { INestApplicationContext } from '@nestjs/common';
import {
  createTestEnvironment,
  httpClient,
  startPrivateRedis,
  waitFor,
  type HttpClient,
  type HttpResult,
  type PrivateRedis,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import {
  createCollection,
  expectProblem,
  OPEN_RULES,
  openDataDb,
  recordsClient,
  type DataDb,
} from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const CACHED = { ttl: 300 };

describe('response caching', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: DataDb;
  let admin: TestSession;
  let alice: TestSession;
  let bob: TestSession;

  const xCache = (response: HttpResult): string | null => response.headers.get('x-cache');

  /**
   * `read` once it is answered from the cache. The relay bumps the versions of every change it
   * relays, after the writer's own bump, so an answer stored before that is refused once: wait
   * for the outbox to be relayed, then for a hit.
   */
  const settledHit = async (read: () => Promise<HttpResult>): Promise<HttpResult> => {
    await waitFor(
      () => db.client.query(`SELECT count(*)::int AS n FROM stagecraft.outbox WHERE sent_at IS NULL`),
      (result) => result.rows[0].n === 0,
      { what: 'the outbox to be relayed' },
    );
    return waitFor(read, (response) => xCache(response) === 'hit', { what: 'a cached answer' });
  };
  const titles = (response: HttpResult): string[] =>
    response.body.data.map((record: { title: string }) => record.title).sort();

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    db = await openDataDb(env.databaseUrl);
    admin = await setupAdmin(http);
    alice = await registerUser(http);
    bob = await registerUser(http);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await db?.close();
    await env?.dispose();
  });

  describe('the collection setting', () => {
    it('is off unless asked for, and can be set and turned off by an admin', async () => {
      const created = await http.post('/api/v1/collections', { name: 'setting_a' }, { token: admin.token });
      expect(created.status).toBe(201);
      expect(created.body.data.cache).toBeNull();

      const on = await http.patch('/api/v1/collections/setting_a', { cache: { ttl: 60 } }, { token: admin.token });
      expect(on.status).toBe(200);
      expect(on.body.data.cache).toEqual({ ttl: 60 });
      expect((await http.get('/api/v1/collections/setting_a', { token: admin.token })).body.data.cache).toEqual({
        ttl: 60,
      });
      const snapshot = await http.get('/api/v1/schema/snapshot', { token: admin.token });
      expect(snapshot.body.collections.find((c: { name: string }) => c.name === 'setting_a').cache).toEqual({
        ttl: 60,
      });

      const off = await http.patch('/api/v1/collections/setting_a', { cache: null }, { token: admin.token });
      expect(off.body.data.cache).toBeNull();
    });

    it.each([
      [{ ttl: 0 }, 'cache.ttl'],
      [{ ttl: 1.5 }, 'cache.ttl'],
      [{ ttl: 86_401 }, 'cache.ttl'],
      [{ ttl: '60' }, 'cache.ttl'],
      [{}, 'cache.ttl'],
      ['60', 'cache'],
    ])('refuses cache %j with a 400 naming %s, and changes nothing', async (cache, field) => {
      await createCollection(http, admin, { name: `setting_bad_${Math.random().toString(36).slice(2, 8)}` }).then(
        async ({ name }) => {
          const response = await http.patch(`/api/v1/collections/${name}`, { cache }, { token: admin.token });
          expectProblem(response, 400, 'VALIDATION_FAILED', field);
          expect((await http.get(`/api/v1/collections/${name}`, { token: admin.token })).body.data.cache).toBeNull();
        },
      );
    });

    it('is refused on create with a bad TTL, creating nothing', async () => {
      const response = await http.post(
        '/api/v1/collections',
        { name: 'setting_refused', cache: { ttl: -1 } },
        { token: admin.token },
      );
      expectProblem(response, 400, 'VALIDATION_FAILED', 'cache.ttl');
      expect(await db.tableExists('setting_refused')).toBe(false);
    });

    it('is an admin’s to change: 401 anonymous, 403 for a user', async () => {
      await createCollection(http, admin, { name: 'setting_guarded' });
      expectProblem(await http.patch('/api/v1/collections/setting_guarded', { cache: CACHED }), 401, 'UNAUTHORIZED');
      expectProblem(
        await http.patch('/api/v1/collections/setting_guarded', { cache: CACHED }, { token: alice.token }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('reads', () => {
    beforeAll(async () => {
      await createCollection(http, admin, {
        name: 'articles',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      await createCollection(http, admin, {
        name: 'uncached',
        rules: OPEN_RULES,
        fields: [{ name: 'title', type: 'text' }],
      });
    });

    it('answers a list and a record from the cache the second time, unchanged', async () => {
      const articles = recordsClient(http, 'articles');
      const { id } = await articles.insert({ title: 'first' });
      const miss = await articles.list({ sort: 'title' });
      expect(xCache(miss)).toBe('miss');
      const hit = await settledHit(() => articles.list({ sort: 'title' }));
      expect(hit.body).toEqual(miss.body);
      expect(hit.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(xCache(await articles.list({ sort: 'title' }))).toBe('hit');

      const recordMiss = await articles.get(id);
      const recordHit = await articles.get(id);
      expect([xCache(recordMiss), xCache(recordHit)]).toEqual(['miss', 'hit']);
      expect(recordHit.body).toEqual(recordMiss.body);
      expect(recordHit.headers.get('etag')).toBe('"1"');

      const conditional = await http.get(`/api/v1/collections/articles/records/${id}`, {
        headers: { 'if-none-match': '"1"' },
      });
      expect(conditional.status).toBe(304);
      expect(conditional.headers.get('etag')).toBe('"1"');
    });

    it('keys on the whole query: another page, sort or field list is another answer', async () => {
      const articles = recordsClient(http, 'articles');
      await articles.insertMany([{ title: 'k1' }, { title: 'k2' }, { title: 'k3' }]);
      const first = await articles.list({ filter: 'title ~ "k"', sort: 'title', limit: 2 });
      const second = await articles.list({ filter: 'title ~ "k"', sort: 'title', limit: 2, offset: 2 });
      const fields = await articles.list({ filter: 'title ~ "k"', sort: 'title', limit: 2, fields: 'id' });
      expect(titles(first)).toEqual(['k1', 'k2']);
      expect(titles(second)).toEqual(['k3']);
      expect(fields.body.data[0]).toEqual({ id: expect.any(String) });
      expect([xCache(second), xCache(fields)]).toEqual(['miss', 'miss']);
    });

    it('computes the answer now for Cache-Control: no-cache, marked bypass', async () => {
      const articles = recordsClient(http, 'articles');
      const { id } = await articles.insert({ title: 'fresh' });
      await settledHit(() => articles.get(id));
      const fresh = await http.get(`/api/v1/collections/articles/records/${id}`, {
        headers: { 'cache-control': 'no-cache' },
      });
      expect([fresh.status, xCache(fresh), fresh.body.data.title]).toEqual([200, 'bypass', 'fresh']);
      const list = await http.get('/api/v1/collections/articles/records', {
        headers: { 'cache-control': 'max-age=0, no-store' },
      });
      expect(xCache(list)).toBe('bypass');
    });

    it('never caches a refusal or a bad query', async () => {
      const articles = recordsClient(http, 'articles');
      for (let n = 0; n < 2; n += 1) {
        expectProblem(await articles.list({ filter: 'nope = 1' }), 400, 'VALIDATION_FAILED', 'filter');
        expectProblem(await articles.get('00000000-0000-7000-8000-000000000000'), 404, 'NOT_FOUND');
      }
    });

    it('documents X-Cache and Cache-Control on the cached collection’s reads only', async () => {
      const document = (await http.get('/api/docs/openapi.json')).body;
      const list = document.paths['/api/v1/collections/articles/records'].get;
      const get = document.paths['/api/v1/collections/articles/records/{id}'].get;
      expect(Object.keys(list.responses['200'].headers)).toContain('X-Cache');
      expect(Object.keys(get.responses['200'].headers)).toEqual(['ETag', 'X-Cache']);
      expect(list.parameters.map((parameter: { name?: string }) => parameter.name)).toContain('Cache-Control');
      expect(list.description).toContain('cached for up to 300 s');
      const uncached = document.paths['/api/v1/collections/uncached/records'].get;
      expect(uncached.responses['200'].headers).toBeUndefined();
      expect(uncached.parameters.map((parameter: { name?: string }) => parameter.name)).not.toContain('Cache-Control');
    });

    it('leaves collections without the setting alone: no X-Cache', async () => {
      const response = await recordsClient(http, 'uncached').list();
      expect(response.status).toBe(200);
      expect(xCache(response)).toBeNull();
    });
  });

  describe('invalidation', () => {
    it('ends answers at once on a create, an update and a delete through the API', async () => {
      await createCollection(http, admin, {
        name: 'notes',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      const notes = recordsClient(http, 'notes');
      const { id } = await notes.insert({ title: 'a' });
      await notes.list();
      await notes.get(id);

      await notes.insert({ title: 'b' });
      const afterCreate = await notes.list();
      expect(xCache(afterCreate)).toBe('miss');
      expect(titles(afterCreate)).toEqual(['a', 'b']);

      expect((await notes.patch(id, { title: 'a2' })).status).toBe(200);
      const afterUpdate = await notes.get(id);
      expect(afterUpdate.body.data.title).toBe('a2');
      expect(afterUpdate.headers.get('etag')).toBe('"2"');
      expect(titles(await notes.list())).toEqual(['a2', 'b']);

      expect((await notes.delete(id)).status).toBe(204);
      expect(titles(await notes.list())).toEqual(['b']);
      expectProblem(await notes.get(id), 404, 'NOT_FOUND');
    });

    it('ends answers on bulk updates and deletes by filter', async () => {
      await createCollection(http, admin, {
        name: 'tasks',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'done', type: 'boolean' },
        ],
      });
      const tasks = recordsClient(http, 'tasks');
      await tasks.insertMany([{ title: 'x' }, { title: 'y' }]);
      await tasks.list({ filter: 'done = true' });
      expect((await tasks.bulkUpdate('title = "x"', { done: true })).status).toBe(200);
      expect(titles(await tasks.list({ filter: 'done = true' }))).toEqual(['x']);
      await tasks.list();
      expect((await tasks.bulkDelete('done = true')).status).toBe(200);
      expect(titles(await tasks.list())).toEqual(['y']);
    });

    it('ends answers of a collection whose rows a delete elsewhere cascaded into', async () => {
      await createCollection(http, admin, {
        name: 'boards',
        rules: OPEN_RULES,
        fields: [{ name: 'title', type: 'text' }],
      });
      await createCollection(http, admin, {
        name: 'cards',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'board', type: 'relation', options: { kind: 'many_to_one', target: 'boards', onDelete: 'cascade' } },
        ],
      });
      const board = await recordsClient(http, 'boards').insert({ title: 'b' });
      const cards = recordsClient(http, 'cards');
      await cards.insertMany([{ title: 'on board', board: board.id }, { title: 'loose' }]);
      expect(titles(await cards.list())).toEqual(['loose', 'on board']);
      expect((await recordsClient(http, 'boards').delete(board.id)).status).toBe(204);
      expect(titles(await cards.list())).toEqual(['loose']);
    });

    it('ends answers that expanded a record of another collection when that record changes', async () => {
      await createCollection(http, admin, {
        name: 'authors',
        rules: OPEN_RULES,
        fields: [{ name: 'name', type: 'text' }],
      });
      await createCollection(http, admin, {
        name: 'books',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [
          { name: 'title', type: 'text' },
          {
            name: 'author',
            type: 'relation',
            options: { kind: 'many_to_one', target: 'authors', onDelete: 'set_null' },
          },
        ],
      });
      const author = await recordsClient(http, 'authors').insert({ name: 'Ursula' });
      const book = await recordsClient(http, 'books').insert({ title: 'Earthsea', author: author.id });
      const books = recordsClient(http, 'books');
      const cached = await settledHit(() => books.get(book.id, undefined, { expand: 'author' }));
      expect(cached.body.data.expand.author.name).toBe('Ursula');
      await recordsClient(http, 'authors').patch(author.id, { name: 'Ursula K.' });
      const fresh = await books.get(book.id, undefined, { expand: 'author' });
      expect(xCache(fresh)).toBe('miss');
      expect(fresh.body.data.expand.author.name).toBe('Ursula K.');
    });

    it('ends answers on a change no API process made, through the outbox relay', async () => {
      await createCollection(http, admin, {
        name: 'signals',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      const signals = recordsClient(http, 'signals');
      const { id } = await signals.insert({ title: 'before' });
      await settledHit(() => signals.get(id));
      // A change made in SQL: the outbox trigger records it, the relay (polling) bumps the version.
      await db.client.query(`UPDATE data.signals SET title = 'after', version = version + 1 WHERE id = $1`, [id]);
      const fresh = await waitFor(
        () => signals.get(id),
        (response) => response.body.data.title === 'after',
        { what: 'the relayed change to end the cached answer' },
      );
      expect(xCache(fresh)).toBe('miss');
    });

    it('ends answers when an import without events commits', async () => {
      await createCollection(http, admin, {
        name: 'imported',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      const imported = recordsClient(http, 'imported');
      expect((await imported.list()).body.data).toEqual([]);
      expect(xCache(await imported.list())).toBe('hit');
      const upload = await http.request('POST', '/api/v1/collections/imported/import?events=false', {
        raw: 'title\nfrom a file\n',
        headers: { 'content-type': 'text/csv' },
        token: admin.token,
      });
      expect(upload.status).toBe(202);
      const job = await waitFor(
        () => http.get(`/api/v1/jobs/${upload.body.id}`, { token: admin.token }),
        (response) => response.body.state === 'completed' || response.body.state === 'failed',
        { what: 'the import' },
      );
      expect(job.body.state).toBe('completed');
      const { rows } = await db.client.query(
        `SELECT count(*)::int AS n FROM stagecraft.outbox WHERE collection = 'imported'`,
      );
      expect(rows[0].n).toBe(0); // no event: only the import's own bump can end the answer
      expect(titles(await imported.list())).toEqual(['from a file']);
    });
  });

  describe('rule contexts', () => {
    beforeAll(async () => {
      await createCollection(http, admin, {
        name: 'diaries',
        rules: { ...OPEN_RULES, list: 'owner = @request.auth.id', view: 'owner = @request.auth.id' },
        cache: CACHED,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
          { name: 'secret_note', type: 'text', options: { hidden: true } },
        ],
      });
      await createCollection(http, admin, {
        name: 'bulletins',
        rules: { ...OPEN_RULES, list: '', view: '' },
        cache: CACHED,
        fields: [
          { name: 'title', type: 'text' },
          { name: 'secret_note', type: 'text', options: { hidden: true } },
        ],
      });
      await createCollection(http, admin, {
        name: 'staff_notes',
        rules: { ...OPEN_RULES, list: '@request.auth.role = "user" || title = "public"' },
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      await createCollection(http, admin, {
        name: 'timed',
        rules: { ...OPEN_RULES, list: 'created_at <= @now' },
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
    });

    it('keeps an owner-only collection’s answers per user', async () => {
      const diaries = recordsClient(http, 'diaries');
      await diaries.insert({ title: 'alice’s', owner: alice.user.id }, admin.token);
      await diaries.insert({ title: 'bob’s', owner: bob.user.id }, admin.token);
      expect(titles(await settledHit(() => diaries.list({}, alice.token)))).toEqual(['alice’s']);
      const bobs = await diaries.list({}, bob.token);
      expect(xCache(bobs)).toBe('miss');
      expect(titles(bobs)).toEqual(['bob’s']);
      expect(titles(await diaries.list({}, undefined))).toEqual([]);
      expect(xCache(await diaries.list({}, alice.token))).toBe('hit');
    });

    it('shares a public collection’s answers between everyone but admins, who see hidden fields', async () => {
      const bulletins = recordsClient(http, 'bulletins');
      await bulletins.insert({ title: 'hello', secret_note: 'hidden' }, admin.token);
      const anonymous = await settledHit(() => bulletins.list({ sort: 'title' }));
      const user = await bulletins.list({ sort: 'title' }, alice.token);
      expect(xCache(user)).toBe('hit');
      expect(user.body).toEqual(anonymous.body);
      const asAdmin = await bulletins.list({ sort: 'title' }, admin.token);
      expect(xCache(asAdmin)).toBe('miss');
      expect(asAdmin.body.data[0].secret_note).toBeUndefined(); // hidden from records, also for admins
      const filteredByAdmin = await bulletins.list({ filter: 'secret_note = "hidden"' }, admin.token);
      expect(titles(filteredByAdmin)).toEqual(['hello']);
      expectProblem(await bulletins.list({ filter: 'secret_note = "hidden"' }), 400, 'VALIDATION_FAILED', 'filter');
    });

    it('keeps answers per role, not per user, when a rule reads only the role', async () => {
      const staff = recordsClient(http, 'staff_notes');
      await staff.insertMany([{ title: 'public' }, { title: 'internal' }], admin.token);
      expect(titles(await settledHit(() => staff.list()))).toEqual(['public']);
      const asUser = await staff.list({}, alice.token);
      expect(xCache(asUser)).toBe('miss');
      expect(titles(asUser)).toEqual(['internal', 'public']);
      const otherUser = await staff.list({}, bob.token);
      expect(xCache(otherUser)).toBe('hit'); // the same role, and no rule reads the id
      expect(titles(otherUser)).toEqual(['internal', 'public']);
    });

    it('keeps answers per user when the filter reads the caller', async () => {
      const bulletins = recordsClient(http, 'bulletins');
      await bulletins.insert({ title: 'by alice' }, alice.token);
      const mine = await bulletins.list({ filter: 'created_by = @request.auth.id' }, alice.token);
      const bobs = await bulletins.list({ filter: 'created_by = @request.auth.id' }, bob.token);
      expect([xCache(mine), xCache(bobs)]).toEqual(['miss', 'miss']);
      expect([titles(mine), titles(bobs)]).toEqual([['by alice'], []]);
    });

    it('bypasses the cache when a rule reads the clock', async () => {
      const timed = recordsClient(http, 'timed');
      await timed.insert({ title: 'now' });
      expect(xCache(await timed.list())).toBe('bypass');
      expect(xCache(await timed.list())).toBe('bypass');
    });
  });

  describe('with Redis away', () => {
    let redis: PrivateRedis;
    let isolated: RunningApi;

    beforeAll(async () => {
      await createCollection(http, admin, {
        name: 'pages',
        rules: OPEN_RULES,
        cache: CACHED,
        fields: [{ name: 'title', type: 'text' }],
      });
      await recordsClient(http, 'pages').insert({ title: 'home' });
      redis = await startPrivateRedis();
      // Its own Redis, which the test stops: no other process bumps versions there.
      isolated = await startApi(env.config({ REDIS_URL: redis.url }));
    });

    afterAll(async () => {
      await isolated?.close();
      await redis?.stop();
    });

    it('answers every read, marked bypass, and caches again once Redis is back', async () => {
      const client = httpClient(isolated.url);
      const pages = recordsClient(client, 'pages');
      expect(xCache(await pages.list())).toBe('miss');
      expect(xCache(await pages.list())).toBe('hit');

      await redis.stop();
      const during = await pages.list();
      expect(during.status).toBe(200);
      expect(xCache(during)).toBe('bypass');
      expect(during.body.data.map((page: { title: string }) => page.title)).toEqual(['home']);
      const record = await pages.get(during.body.data[0].id);
      expect([record.status, xCache(record)]).toEqual([200, 'bypass']);

      await redis.start();
      await waitFor(
        () => pages.list(),
        (response) => xCache(response) === 'hit',
        { what: 'the cache to be used again' },
      );
    });
  });

  it('counts hits, misses and bypasses in /metrics', async () => {
    const metrics = await http.get('/metrics');
    for (const result of ['hit', 'miss', 'bypass']) {
      expect(metrics.text).toMatch(
        new RegExp(`^stagecraft_response_cache_reads_total\\{result="${result}"\\} [1-9]`, 'm'),
      );
    }
  });
});
