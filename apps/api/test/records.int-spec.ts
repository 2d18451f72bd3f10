// /api/v1/collections/{c}/records through real HTTP: create (one or an array, all or nothing),
// read, patch, replace, delete, bulk changes by filter, ETags, and every way a body can be
// wrong. Where a request must have no effect, the rows are read back from PostgreSQL.

import { randomUUID } from 'node:crypto';
import {
  createTestEnvironment,
  httpClient,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import {
  createCollection,
  expectProblem,
  OPEN_RULES,
  openDataDb,
  recordsClient,
  recordsPath,
  type DataDb,
  type RecordsClient,
} from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const BULK_CREATE_MAX = 5;
const ITEMS = 'items';

/** A body valid for `items`, with every writable field set; `title` must be unique. */
const fullBody = (title: string, refs: { category: string; labels: string[] }) => ({
  title,
  summary: 'A longer description.',
  price: 12.5,
  qty: 3,
  active: true,
  due: '2025-03-01',
  at: '2025-03-01T10:20:30.000Z',
  meta: { colour: 'red', sizes: [1, 2] },
  contact: 'someone@example.com',
  site: 'https://example.com/page',
  status: 'live',
  tags: ['a', 'c'],
  pin: 'plaintext-pin-1234',
  note: 'hidden remark',
  category: refs.category,
  labels: refs.labels,
});

describe('records CRUD', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let db: DataDb;
  let admin: TestSession;
  let user: TestSession;
  let items: RecordsClient;
  let categoryIds: string[];
  let labelIds: string[];
  let counter = 0;

  const uniqueTitle = (label = 'item') => `${label}-${++counter}`;
  const refs = () => ({ category: categoryIds[0] as string, labels: [labelIds[0] as string, labelIds[1] as string] });
  const insertItem = (body: Record<string, unknown> = {}) =>
    items.insert({ title: uniqueTitle(), ...body }, user.token);

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', BULK_CREATE_MAX: String(BULK_CREATE_MAX) }));
    http = httpClient(api.url);
    db = await openDataDb(env.databaseUrl);
    admin = await setupAdmin(http);
    user = await registerUser(http);

    const named = [{ name: 'name', type: 'text' }];
    await createCollection(http, admin, { name: 'categories', rules: OPEN_RULES, fields: named });
    await createCollection(http, admin, { name: 'labels', rules: OPEN_RULES, fields: named });
    await createCollection(http, admin, {
      name: ITEMS,
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true, maxLength: 40, unique: true } },
        { name: 'summary', type: 'long_text' },
        { name: 'price', type: 'number', options: { precision: 10, scale: 2, min: 0 } },
        { name: 'qty', type: 'integer', options: { default: 1 } },
        { name: 'active', type: 'boolean', options: { default: false } },
        { name: 'due', type: 'date' },
        { name: 'at', type: 'datetime' },
        { name: 'meta', type: 'json' },
        { name: 'contact', type: 'email' },
        { name: 'site', type: 'url' },
        { name: 'status', type: 'select', options: { values: ['draft', 'live'], default: 'draft' } },
        { name: 'tags', type: 'multi_select', options: { values: ['a', 'b', 'c'] } },
        { name: 'pin', type: 'secret' },
        { name: 'note', type: 'text', options: { hidden: true } },
        { name: 'stamp', type: 'text', options: { readOnly: true } },
        {
          name: 'category',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'categories', onDelete: 'set_null' },
        },
        { name: 'labels', type: 'relation', options: { kind: 'many_to_many', target: 'labels' } },
      ],
    });
    items = recordsClient(http, ITEMS);
    categoryIds = (
      await recordsClient(http, 'categories').insertMany([{ name: 'tools' }, { name: 'toys' }], admin.token)
    ).map((r) => r.id);
    labelIds = (
      await recordsClient(http, 'labels').insertMany([{ name: 'x' }, { name: 'y' }, { name: 'z' }], admin.token)
    ).map((r) => r.id);
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('create', () => {
    it('one record: 201 with an ETag, every field as sent, created_by the caller, no secret or hidden field', async () => {
      const body = fullBody(uniqueTitle(), refs());
      const response = await items.create(body, user.token);
      expect(response.status).toBe(201);
      expect(response.headers.get('etag')).toBe('"1"');
      const { pin: _pin, note: _note, ...visible } = body;
      expect(response.body.data).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/),
        created_at: expect.any(String),
        updated_at: expect.any(String),
        created_by: user.user.id,
        version: 1,
        ...visible,
        labels: [...body.labels].sort(),
        stamp: null,
      });
      expect(response.text).not.toContain('plaintext-pin');
      expect(response.text).not.toContain('hidden remark');

      const read = await items.get(response.body.data.id, user.token);
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.body.data).toEqual(response.body.data);
    });

    it('fills defaults for fields left out; an anonymous record has no created_by', async () => {
      const response = await items.create({ title: uniqueTitle() });
      expect(response.status).toBe(201);
      expect(response.body.data).toMatchObject({
        created_by: null,
        qty: 1,
        active: false,
        status: 'draft',
        price: null,
        tags: null,
        labels: [],
        category: null,
        meta: null,
      });
    });

    it('stores the secret encrypted and the hidden field as sent, returning neither', async () => {
      const created = await insertItem({ pin: 'my-secret-pin', note: 'for admins' });
      expect(created).not.toHaveProperty('pin');
      expect(created).not.toHaveProperty('note');
      const row = await db.row(ITEMS, created.id);
      expect(row?.pin).toEqual(expect.stringMatching(/^v1:/));
      expect(row?.pin).not.toContain('my-secret-pin');
      expect(row?.note).toBe('for admins');
      for (const read of [await items.get(created.id, admin.token), await items.list({}, admin.token)]) {
        expect(read.text).not.toContain(String(row?.pin));
        expect(read.text).not.toContain('for admins');
      }
    });

    it('an array: every record created in order, 201', async () => {
      const titles = [uniqueTitle('batch'), uniqueTitle('batch'), uniqueTitle('batch')];
      const response = await items.create(
        titles.map((title) => ({ title })),
        user.token,
      );
      expect(response.status).toBe(201);
      expect(response.body.data.map((r: { title: string }) => r.title)).toEqual(titles);
      expect(response.body.data.every((r: { created_by: string }) => r.created_by === user.user.id)).toBe(true);
    });

    it.each<{ name: string; bodies: () => unknown[]; status: number; code: string; field: string }>([
      {
        name: 'one item too long',
        bodies: () => [{ title: uniqueTitle() }, { title: 'x'.repeat(41) }, { title: uniqueTitle() }],
        status: 400,
        code: 'VALIDATION_FAILED',
        field: '[1].title',
      },
      {
        name: 'one item with an unknown field',
        bodies: () => [{ title: uniqueTitle() }, { title: uniqueTitle(), colour: 'red' }],
        status: 400,
        code: 'VALIDATION_FAILED',
        field: '[1].colour',
      },
      {
        name: 'one item not an object',
        bodies: () => [{ title: uniqueTitle() }, 'text'],
        status: 400,
        code: 'VALIDATION_FAILED',
        field: '[1].body',
      },
      {
        name: 'the last item repeats a unique title (refused by the database)',
        bodies: () => {
          const title = uniqueTitle();
          return [{ title }, { title: uniqueTitle() }, { title }];
        },
        status: 409,
        code: 'UNIQUE_VIOLATION',
        field: 'title',
      },
      {
        name: 'the last item points at a missing category',
        bodies: () => [{ title: uniqueTitle() }, { title: uniqueTitle(), category: randomUUID() }],
        status: 409,
        code: 'CONFLICT',
        field: 'category',
      },
    ])('an array with $name → $status naming $field, nothing inserted', async ({ bodies, status, code, field }) => {
      const before = await db.count(ITEMS);
      const response = await items.create(bodies(), user.token);
      expectProblem(response, status, code, field);
      expect(await db.count(ITEMS)).toBe(before);
    });

    it.each<{ name: string; size: number }>([
      { name: 'more than the maximum', size: BULK_CREATE_MAX + 1 },
      { name: 'no records', size: 0 },
    ])('an array with $name → 400, nothing inserted', async ({ size }) => {
      const before = await db.count(ITEMS);
      const bodies = Array.from({ length: size }, () => ({ title: uniqueTitle() }));
      const response = await items.create(bodies, user.token);
      expectProblem(response, 400, 'VALIDATION_FAILED', 'body');
      expect(await db.count(ITEMS)).toBe(before);
    });

    it('an array of exactly the maximum is accepted', async () => {
      const bodies = Array.from({ length: BULK_CREATE_MAX }, () => ({ title: uniqueTitle() }));
      const response = await items.create(bodies, user.token);
      expect(response.status).toBe(201);
      expect(response.body.data).toHaveLength(BULK_CREATE_MAX);
    });
  });

  describe('validation', () => {
    const bad: { name: string; body: Record<string, unknown>; field: string }[] = [
      { name: 'title over maxLength', body: { title: 'x'.repeat(41) }, field: 'title' },
      { name: 'title a number', body: { title: 42 }, field: 'title' },
      { name: 'price a string', body: { price: '12.5' }, field: 'price' },
      { name: 'price below min', body: { price: -0.01 }, field: 'price' },
      { name: 'price beyond precision 10, scale 2', body: { price: 100_000_000 }, field: 'price' },
      { name: 'qty a fraction', body: { qty: 1.5 }, field: 'qty' },
      { name: 'qty beyond int32', body: { qty: 2 ** 31 }, field: 'qty' },
      { name: 'active a string', body: { active: 'yes' }, field: 'active' },
      { name: 'due not a date', body: { due: 'tomorrow' }, field: 'due' },
      { name: 'due an impossible date', body: { due: '2025-02-30' }, field: 'due' },
      { name: 'at without a time', body: { at: '2025-03-01' }, field: 'at' },
      { name: 'contact not an email', body: { contact: 'not-an-email' }, field: 'contact' },
      { name: 'site not a URL', body: { site: 'example' }, field: 'site' },
      { name: 'site a javascript: URL', body: { site: 'javascript:alert(1)' }, field: 'site' },
      { name: 'status not in the list', body: { status: 'archived' }, field: 'status' },
      { name: 'tags with a value not in the list', body: { tags: ['a', 'z'] }, field: 'tags.1' },
      { name: 'tags not an array', body: { tags: 'a' }, field: 'tags' },
      { name: 'category not a UUID', body: { category: '1 OR 1=1' }, field: 'category' },
      { name: 'labels with a non-UUID', body: { labels: ['x'] }, field: 'labels.0' },
      { name: 'an unknown field', body: { colour: 'red' }, field: 'colour' },
      { name: 'a read-only field', body: { stamp: 'mine' }, field: 'stamp' },
      { name: 'system field id', body: { id: randomUUID() }, field: 'id' },
      { name: 'system field created_at', body: { created_at: '2020-01-01T00:00:00Z' }, field: 'created_at' },
      { name: 'system field updated_at', body: { updated_at: '2020-01-01T00:00:00Z' }, field: 'updated_at' },
      { name: 'system field created_by', body: { created_by: randomUUID() }, field: 'created_by' },
      { name: 'system field version', body: { version: 99 }, field: 'version' },
      { name: 'a NUL character in text', body: { summary: 'a\u0000b' }, field: 'summary' },
      { name: 'a NUL character in json', body: { meta: { k: 'a\u0000b' } }, field: 'meta' },
    ];

    it.each(bad)('create with $name → 400 naming $field, nothing inserted', async ({ body, field }) => {
      const before = await db.count(ITEMS);
      const response = await items.create({ title: uniqueTitle(), ...body }, user.token);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
      expect(await db.count(ITEMS)).toBe(before);
    });

    it.each(bad)('patch with $name → 400 naming $field, record unchanged', async ({ body, field }) => {
      const record = await insertItem();
      const before = await db.row(ITEMS, record.id);
      const response = await items.patch(record.id, body, user.token);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
      expect(await db.row(ITEMS, record.id)).toEqual(before);
    });

    it.each<{ name: string; request: (id: string) => Promise<HttpResult>; field: string }>([
      {
        name: 'create without the required title',
        request: () => items.create({ qty: 2 }, user.token),
        field: 'title',
      },
      {
        name: 'put without the required title',
        request: (id) => items.put(id, { qty: 2 }, user.token),
        field: 'title',
      },
      { name: 'patch title to null', request: (id) => items.patch(id, { title: null }, user.token), field: 'title' },
      { name: 'create with a body that is a string', request: () => items.create('text', user.token), field: 'body' },
      { name: 'patch with a body that is an array', request: (id) => items.patch(id, [], user.token), field: 'body' },
    ])('$name → 400 naming $field', async ({ request, field }) => {
      const record = await insertItem();
      const response = await request(record.id);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('conflicts', () => {
    it.each<{
      name: string;
      request: (existing: string, id: string) => Promise<HttpResult>;
      code: string;
      field: string;
    }>([
      {
        name: 'create with a taken title',
        request: (existing) => items.create({ title: existing }, user.token),
        code: 'UNIQUE_VIOLATION',
        field: 'title',
      },
      {
        name: 'patch to a taken title',
        request: (existing, id) => items.patch(id, { title: existing }, user.token),
        code: 'UNIQUE_VIOLATION',
        field: 'title',
      },
      {
        name: 'create pointing at a missing category',
        request: () => items.create({ title: uniqueTitle(), category: randomUUID() }, user.token),
        code: 'CONFLICT',
        field: 'category',
      },
      {
        name: 'patch pointing at a missing category',
        request: (_existing, id) => items.patch(id, { category: randomUUID() }, user.token),
        code: 'CONFLICT',
        field: 'category',
      },
      {
        name: 'create linking a missing label (many_to_many)',
        request: () => items.create({ title: uniqueTitle(), labels: [randomUUID()] }, user.token),
        code: 'CONFLICT',
        field: 'labels',
      },
      {
        name: 'patch linking a missing label (many_to_many)',
        request: (_existing, id) => items.patch(id, { labels: [labelIds[0], randomUUID()] }, user.token),
        code: 'CONFLICT',
        field: 'labels',
      },
    ])('$name → 409 $code naming $field, nothing changed', async ({ request, code, field }) => {
      const existing = await insertItem();
      const target = await insertItem({ labels: [labelIds[2]] });
      const before = await db.rows(ITEMS);
      const response = await request(existing.title as string, target.id);
      expectProblem(response, 409, code, field);
      expect(await db.rows(ITEMS)).toEqual(before);
      expect((await items.get(target.id, user.token)).body.data.labels).toEqual([labelIds[2]]);
    });
  });

  describe('read, update, replace, delete', () => {
    it('patch changes only the fields sent, bumps the version and the ETag', async () => {
      const created = (await items.create(fullBody(uniqueTitle(), refs()), user.token)).body.data;
      const response = await items.patch(created.id, { qty: 9, labels: [labelIds[2]], meta: [1, 'two'] }, user.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"2"');
      expect(response.body.data).toEqual({
        ...created,
        qty: 9,
        labels: [labelIds[2]],
        meta: [1, 'two'],
        version: 2,
        updated_at: expect.any(String),
      });
      expect(Date.parse(response.body.data.updated_at)).toBeGreaterThanOrEqual(Date.parse(created.updated_at));
      expect((await db.row(ITEMS, created.id))?.pin).toEqual(expect.stringMatching(/^v1:/));
    });

    it('put replaces the record: fields left out go back to their default or null; read-only ones stay', async () => {
      const created = (await items.create(fullBody(uniqueTitle(), refs()), user.token)).body.data;
      await db.client.query(`UPDATE "data"."${ITEMS}" SET stamp = 'engine-set' WHERE id = $1`, [created.id]);
      const title = uniqueTitle('replaced');
      const response = await items.put(created.id, { title }, user.token);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"2"');
      expect(response.body.data).toEqual({
        id: created.id,
        created_at: created.created_at,
        updated_at: expect.any(String),
        created_by: user.user.id,
        version: 2,
        title,
        summary: null,
        price: null,
        qty: 1,
        active: false,
        due: null,
        at: null,
        meta: null,
        contact: null,
        site: null,
        status: 'draft',
        tags: null,
        stamp: 'engine-set',
        category: null,
        labels: [],
      });
      const row = await db.row(ITEMS, created.id);
      expect(row).toMatchObject({ pin: null, note: null, stamp: 'engine-set' });
    });

    it('delete answers 204 with no body; the record is gone', async () => {
      const created = await insertItem({ labels: [labelIds[0]] });
      const response = await items.delete(created.id, user.token);
      expect(response.status).toBe(204);
      expect(response.text).toBe('');
      expectProblem(await items.get(created.id, user.token), 404, 'NOT_FOUND');
      expectProblem(await items.delete(created.id, user.token), 404, 'NOT_FOUND');
      expect(await db.row(ITEMS, created.id)).toBeUndefined();
    });

    it('reads any id letter case', async () => {
      const created = await insertItem();
      const response = await items.get(created.id.toUpperCase(), user.token);
      expect(response.status).toBe(200);
      expect(response.body.data.id).toBe(created.id);
    });
  });

  describe('ETags', () => {
    it.each<{ name: string; send: (c: RecordsClient, id: string, h: Record<string, string>) => Promise<HttpResult> }>([
      { name: 'patch', send: (c, id, h) => c.patch(id, { qty: 5 }, user.token, h) },
      { name: 'put', send: (c, id, h) => c.put(id, { title: uniqueTitle() }, user.token, h) },
      { name: 'delete', send: (c, id, h) => c.delete(id, user.token, h) },
    ])('$name with a stale If-Match → 412, nothing changed; with the current one it succeeds', async ({ send }) => {
      const created = await insertItem();
      expect((await items.patch(created.id, { qty: 2 }, user.token)).headers.get('etag')).toBe('"2"');
      const before = await db.row(ITEMS, created.id);

      const stale = await send(items, created.id, { 'if-match': '"1"' });
      expectProblem(stale, 412, 'PRECONDITION_FAILED');
      expect(await db.row(ITEMS, created.id)).toEqual(before);

      const current = await send(items, created.id, { 'if-match': '"2"' });
      expect([200, 204]).toContain(current.status);
    });

    it('a malformed If-Match → 400, nothing changed', async () => {
      const created = await insertItem();
      const response = await items.patch(created.id, { qty: 7 }, user.token, { 'if-match': 'version 1' });
      expect(response.status).toBe(400);
      expect((await db.row(ITEMS, created.id))?.qty).toBe(1);
    });

    it('If-None-Match with the current ETag → 304 without a body; with an old one → 200', async () => {
      const created = await insertItem();
      const path = recordsPath(ITEMS, created.id);
      const fresh = await http.get(path, { token: user.token, headers: { 'if-none-match': '"1"' } });
      expect(fresh.status).toBe(304);
      expect(fresh.text).toBe('');
      await items.patch(created.id, { qty: 3 }, user.token);
      const changed = await http.get(path, { token: user.token, headers: { 'if-none-match': '"1"' } });
      expect(changed.status).toBe(200);
      expect(changed.headers.get('etag')).toBe('"2"');
    });
  });

  describe('not found', () => {
    const ids: { name: string; id: () => string }[] = [
      { name: 'an unknown UUID', id: () => randomUUID() },
      { name: 'a non-UUID id', id: () => 'not-a-uuid' },
      { name: 'SQL in the id', id: () => "1' OR '1'='1" },
    ];
    const calls: { name: string; send: (id: string) => Promise<HttpResult> }[] = [
      { name: 'get', send: (id) => items.get(id, admin.token) },
      { name: 'patch', send: (id) => items.patch(id, { qty: 1 }, admin.token) },
      { name: 'put', send: (id) => items.put(id, { title: uniqueTitle() }, admin.token) },
      { name: 'delete', send: (id) => items.delete(id, admin.token) },
    ];
    const table = calls.flatMap((call) => ids.map((id) => ({ ...call, idName: id.name, id: id.id })));

    it.each(table)('$name with $idName → 404', async ({ send, id }) => {
      const before = await db.rows(ITEMS);
      expectProblem(await send(id()), 404, 'NOT_FOUND');
      expect(await db.rows(ITEMS)).toEqual(before);
    });

    it.each<{ name: string; send: (collection: string) => Promise<HttpResult> }>([
      { name: 'list', send: (c) => recordsClient(http, c).list({}, admin.token) },
      { name: 'create', send: (c) => recordsClient(http, c).create({ title: 'x' }, admin.token) },
      { name: 'get', send: (c) => recordsClient(http, c).get(randomUUID(), admin.token) },
      { name: 'bulk delete', send: (c) => recordsClient(http, c).bulkDelete('id != null', admin.token) },
    ])('$name in an unknown collection → 404', async ({ send }) => {
      for (const name of ['nope', 'items;DROP TABLE data.items', '../collections']) {
        const response = await send(name);
        expect(response.status).toBe(404);
      }
      expect(await db.tableExists(ITEMS)).toBe(true);
    });
  });

  describe('hostile bodies', () => {
    it.each<{ name: string; raw: string }>([
      { name: '__proto__ at the top level', raw: '{"title": "proto-1", "__proto__": {"admin": true}}' },
      { name: 'constructor.prototype at the top level', raw: '{"title": "proto-2", "constructor": {"prototype": {}}}' },
      { name: '__proto__ inside a json field', raw: '{"title": "proto-3", "meta": {"__proto__": {"admin": true}}}' },
      {
        name: 'constructor.prototype inside a json field',
        raw: '{"title": "proto-4", "meta": {"constructor": {"prototype": {"admin": true}}}}',
      },
    ])('$name → 400, nothing stored', async ({ raw }) => {
      const before = await db.rows(ITEMS);
      const response = await http.request('POST', recordsPath(ITEMS), { raw, token: user.token });
      expect(response.status).toBe(400);
      expect(response.body.code).toEqual(expect.any(String));
      expect(await db.rows(ITEMS)).toEqual(before);
    });

    it.each<{ name: string; raw: string }>([
      { name: 'patch with __proto__', raw: '{"__proto__": {"qty": 99}}' },
      { name: 'patch with constructor.prototype', raw: '{"constructor": {"prototype": {"qty": 99}}}' },
    ])('$name → 400, record unchanged', async ({ raw }) => {
      const record = await insertItem();
      const before = await db.row(ITEMS, record.id);
      const response = await http.request('PATCH', recordsPath(ITEMS, record.id), { raw, token: user.token });
      expect(response.status).toBe(400);
      expect(await db.row(ITEMS, record.id)).toEqual(before);
    });

    const injections = [
      "'; DROP TABLE data.items; --",
      "x'); DELETE FROM data.items; --",
      '" OR 1=1 --',
      '$1; TRUNCATE data.labels',
      '\\x27 UNION SELECT password_hash FROM stagecraft.users --',
    ];

    it.each(injections)('SQL in text and json values is stored verbatim and has no effect: %s', async (text) => {
      const others = await db.rows(ITEMS);
      const labelsBefore = await db.rows('labels');
      const created = await items.insert(
        { title: uniqueTitle('sql'), summary: text, meta: { text, [text]: [text] }, note: text, pin: text },
        user.token,
      );
      expect(created).toMatchObject({ summary: text, meta: { text, [text]: [text] } });
      expect((await items.get(created.id, user.token)).body.data).toMatchObject({ summary: text });
      const patched = await items.patch(created.id, { summary: `${text} again` }, user.token);
      expect(patched.body.data.summary).toBe(`${text} again`);

      expect(await db.tableExists(ITEMS)).toBe(true);
      expect(await db.rows('labels')).toEqual(labelsBefore);
      const after = (await db.rows(ITEMS)).filter((row) => row.id !== created.id);
      expect(after).toEqual(others);
      expect((await db.row(ITEMS, created.id))?.note).toBe(text);
    });
  });

  describe('bulk update and delete', () => {
    let tag: string;
    let ids: string[];

    beforeEach(async () => {
      tag = uniqueTitle('bulk');
      ids = (
        await items.insertMany(
          [1, 2, 3, 4].map((qty) => ({ title: `${tag}-${qty}`, qty })),
          user.token,
        )
      ).map((r) => r.id);
    });

    it('patch with a filter updates only the matching records and reports the count', async () => {
      const others = (await db.rows(ITEMS)).filter((row) => !ids.includes(row.id as string));
      const response = await items.bulkUpdate(`title ~ "${tag}-" && qty >= 3`, { active: true }, user.token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ meta: { updated: 2 } });
      const rows = [];
      for (const id of ids) rows.push(await db.row(ITEMS, id)); // one client: one query at a time
      expect(rows.map((row) => [row?.active, row?.version])).toEqual([
        [false, 1],
        [false, 1],
        [true, 2],
        [true, 2],
      ]);
      expect((await db.rows(ITEMS)).filter((row) => !ids.includes(row.id as string))).toEqual(others);
    });

    it('delete with a filter deletes only the matching records and reports the count', async () => {
      const response = await items.bulkDelete(`title ~ "${tag}-" && qty < 3`, user.token);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ meta: { deleted: 2 } });
      const left = [];
      for (const id of ids) left.push(await db.row(ITEMS, id));
      expect(left.map((row) => row?.qty ?? null)).toEqual([null, null, 3, 4]);
    });

    it.each<{ name: string; send: () => Promise<HttpResult>; field: string }>([
      {
        name: 'patch without a filter',
        send: () => items.bulkUpdate(undefined, { qty: 0 }, user.token),
        field: 'filter',
      },
      {
        name: 'patch with a blank filter',
        send: () => items.bulkUpdate('  ', { qty: 0 }, user.token),
        field: 'filter',
      },
      { name: 'delete without a filter', send: () => items.bulkDelete(undefined, user.token), field: 'filter' },
      { name: 'delete with a blank filter', send: () => items.bulkDelete('', user.token), field: 'filter' },
      { name: 'delete with a bad filter', send: () => items.bulkDelete('qty >', user.token), field: 'filter' },
      {
        name: 'patch with an invalid value',
        send: () => items.bulkUpdate('qty > 0', { qty: 'many' }, user.token),
        field: 'qty',
      },
      {
        name: 'patch with a system field',
        send: () => items.bulkUpdate('qty > 0', { version: 1 }, user.token),
        field: 'version',
      },
      {
        name: 'patch of many_to_many links',
        send: () => items.bulkUpdate('qty > 0', { labels: [] }, user.token),
        field: 'labels',
      },
      {
        name: 'patch with SQL as the filter',
        send: () => items.bulkUpdate('1=1; DROP TABLE data.items', { qty: 0 }, user.token),
        field: 'filter',
      },
    ])('$name → 400 naming $field, nothing changed', async ({ send, field }) => {
      const before = await db.rows(ITEMS);
      expectProblem(await send(), 400, 'VALIDATION_FAILED', field);
      expect(await db.rows(ITEMS)).toEqual(before);
    });

    it('a bulk patch to a unique value for several records → 409, nothing changed', async () => {
      const before = await db.rows(ITEMS);
      expectProblem(
        await items.bulkUpdate(`title ~ "${tag}-"`, { title: `${tag}-same` }, user.token),
        409,
        'UNIQUE_VIOLATION',
        'title',
      );
      expect(await db.rows(ITEMS)).toEqual(before);
    });
  });
});
