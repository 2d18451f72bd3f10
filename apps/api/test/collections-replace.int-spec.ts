// PUT /api/v1/collections/{c} through real HTTP: one request renames, retypes, adds, drops and
// reorders fields as ONE schema change. What PostgreSQL holds is read back from pg_catalog; a
// refused request (destructive without consent, a failing pre-check, bad input) changes nothing,
// not even the parts of it that alone would have been fine.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { constraintOn, openCatalog, type Catalog } from './support/catalog.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const API = '/api/v1';

type Row = Record<string, unknown>;

interface FieldBody {
  id?: string;
  name: string;
  type: string;
  options?: Record<string, unknown>;
}

interface FieldData {
  id: string;
  name: string;
  type: string;
  options: Record<string, unknown>;
  position: number;
  system: boolean;
}

interface CollectionData {
  id: string;
  name: string;
  label: string;
  description: string;
  fields: FieldData[];
}

/** The saved field as the replacement body names it (same id, name, type and options). */
const asBody = ({ id, name, type, options }: FieldData): FieldBody => ({ id, name, type, options });

describe('PUT /collections/{c}: one schema change', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let plain: TestSession;
  let catalog: Catalog;
  let counter = 0;

  const putAs = (token: string | undefined, collection: string, body: unknown, query = '') =>
    http.request('PUT', `${API}/collections/${collection}${query}`, { body, token });
  const put = (collection: string, body: unknown, query = '') => putAs(admin.token, collection, body, query);

  async function get(collection: string): Promise<CollectionData> {
    const response = await http.request('GET', `${API}/collections/${collection}`, { token: admin.token });
    expect(response.status).toBe(200);
    return response.body.data;
  }

  /** A fresh collection with these fields and rows (written straight to the table). */
  async function collectionWithRows(
    fields: FieldBody[],
    rows: Row[] = [],
  ): Promise<{ name: string; ids: string[]; saved: CollectionData }> {
    const name = `r${++counter}`;
    const response = await http.request('POST', `${API}/collections`, { body: { name, fields }, token: admin.token });
    if (response.status !== 201) throw new Error(`create ${name}: ${response.status} ${response.text}`);
    const ids: string[] = [];
    for (const row of rows) {
      const columns = Object.keys(row);
      const result = await catalog.db.query<{ id: string }>(
        `INSERT INTO "data"."${name}" (id${columns.map((c) => `, "${c}"`).join('')})
         VALUES (gen_random_uuid()${columns.map((_, i) => `, $${i + 1}`).join('')}) RETURNING id`,
        Object.values(row),
      );
      ids.push(result.rows[0]!.id);
    }
    return { name, ids, saved: response.body.data };
  }

  const field = (collection: CollectionData, name: string): FieldData => {
    const found = collection.fields.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`no field ${name} in ${collection.name}`);
    return found;
  };

  /** Everything a refused change must leave as it was: metadata, table, rows, version, history. */
  async function state(collection: string) {
    return {
      metadata: await get(collection),
      table: await catalog.table(collection),
      rows: (await catalog.db.query(`SELECT * FROM "data"."${collection}" ORDER BY id`)).rows,
      version: await catalog.schemaVersion(),
      history: await catalog.historyCount(),
    };
  }

  const BOOKS: FieldBody[] = [
    { name: 'title', type: 'text', options: { required: true } },
    { name: 'price', type: 'number', options: { min: 0 } },
    { name: 'genre', type: 'select', options: { values: ['fiction', 'poetry'] } },
    { name: 'in_stock', type: 'boolean' },
  ];
  const BOOK_ROWS: Row[] = [
    { title: 'Engines', price: 12, genre: 'fiction', in_stock: true },
    { title: 'Odes', price: 7, genre: 'poetry', in_stock: false },
  ];

  /** Rename in_stock → available, bound price by 100, add stock, drop genre, price first. */
  const bookChanges = (saved: CollectionData) => ({
    label: 'Catalogue',
    fields: [
      { ...asBody(field(saved, 'price')), options: { min: 0, max: 100 } },
      asBody(field(saved, 'title')),
      { ...asBody(field(saved, 'in_stock')), name: 'available' },
      { name: 'stock', type: 'integer', options: { min: 0 } },
    ],
  });

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    plain = await registerUser(http);
    catalog = await openCatalog(env.databaseUrl);
  });

  afterAll(async () => {
    await catalog?.close();
    await api?.close();
    await env?.dispose();
  });

  it('renames, changes options, adds, drops and reorders in one transaction; data kept', async () => {
    const { name, ids, saved } = await collectionWithRows(BOOKS, BOOK_ROWS);
    const before = { table: await catalog.table(name), version: await catalog.schemaVersion() };
    const history = await catalog.historyCount();

    const response = await put(name, { ...bookChanges(saved), allow_destructive: true });
    expect(response.status).toBe(200);
    expect(response.body.meta).toMatchObject({ dry_run: false, version: before.version + 1 });
    const types = response.body.meta.actions.map((action: { type: string }) => action.type);
    expect(types).toEqual(expect.arrayContaining(['rename_column', 'add_column', 'drop_column']));
    expect(response.body.meta.actions).toContainEqual(
      expect.objectContaining({
        destructive: true,
        sql: `ALTER TABLE "data"."${name}" DROP COLUMN "genre"`,
      }),
    );

    // The metadata: order, ids kept for existing fields, a new id for the added one.
    const after = await get(name);
    expect(response.body.data).toEqual(after);
    expect(after.label).toBe('Catalogue');
    expect(after.fields.map((f) => [f.position, f.name, f.type])).toEqual([
      [0, 'price', 'number'],
      [1, 'title', 'text'],
      [2, 'available', 'boolean'],
      [3, 'stock', 'integer'],
    ]);
    expect(field(after, 'available').id).toBe(field(saved, 'in_stock').id);
    expect(field(after, 'price')).toMatchObject({ id: field(saved, 'price').id, options: { min: 0, max: 100 } });
    expect(saved.fields.map((f) => f.id)).not.toContain(field(after, 'stock').id);

    // The table: RENAME COLUMN kept the physical column; genre is gone; stock is new.
    const columns = await catalog.columns(name);
    const inStock = before.table.columns.find((c) => c.name === 'in_stock')!;
    expect(columns.find((c) => c.name === 'available')).toEqual({ ...inStock, name: 'available' });
    expect(columns.map((c) => c.name)).not.toContain('genre');
    expect(columns.find((c) => c.name === 'stock')).toMatchObject({ type: 'integer', notNull: false });
    const priceChecks = constraintOn(await catalog.constraints(name), 'c', 'price');
    expect(priceChecks.map((c) => c.definition).join(' ')).toContain('100');

    // The data of the renamed field, and one change recorded.
    const { rows } = await catalog.db.query<{ id: string; available: boolean }>(
      `SELECT id, available FROM "data"."${name}"`,
    );
    expect(ids.map((id) => rows.find((row) => row.id === id)?.available)).toEqual([true, false]);
    expect(await catalog.historyCount()).toBe(history + 1);
    const { rows: last } = await catalog.db.query(
      'SELECT summary, actor_id FROM stagecraft.schema_history ORDER BY id DESC LIMIT 1',
    );
    expect(last[0]).toMatchObject({ actor_id: admin.user.id, summary: expect.stringContaining(`"${name}"`) });
  });

  it('with ?dry_run=true lists the SQL of the whole plan and changes nothing', async () => {
    const { name, saved } = await collectionWithRows(BOOKS, BOOK_ROWS);
    const before = await state(name);
    const response = await put(name, { ...bookChanges(saved), allow_destructive: true }, '?dry_run=true');
    expect(response.status).toBe(200);
    expect(response.body.meta).toMatchObject({ dry_run: true, version: null });
    const sql = response.body.meta.actions.map((action: { sql: string }) => action.sql);
    expect(sql).toEqual(
      expect.arrayContaining([
        `ALTER TABLE "data"."${name}" RENAME COLUMN "in_stock" TO "available"`,
        `ALTER TABLE "data"."${name}" ADD COLUMN "stock" integer`,
        `ALTER TABLE "data"."${name}" DROP COLUMN "genre"`,
      ]),
    );
    expect(response.body.data.fields.map((f: FieldData) => f.name)).toEqual(['price', 'title', 'available', 'stock']);
    expect(await state(name)).toEqual(before);
  });

  // A dry run meets what the real request would: the same 409.
  it.each(['', '?dry_run=true'])(
    'a drop without allow_destructive → 409 listing the destructive actions, nothing changed (%j)',
    async (query) => {
      const { name, saved } = await collectionWithRows(BOOKS, BOOK_ROWS);
      const before = await state(name);
      const response = await put(name, bookChanges(saved), query);
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('CONFLICT');
      expect(response.body.detail).toContain('allow_destructive');
      expect(response.body.actions).toEqual([
        expect.objectContaining({ type: 'drop_column', destructive: true, sql: expect.stringContaining('"genre"') }),
      ]);
      expect(await state(name)).toEqual(before);
    },
  );

  describe('a pre-check refuses one part → 409, and none of the other parts applied', () => {
    it.each<{ name: string; rows: Row[]; change: FieldBody; precheck: string }>([
      {
        name: 'made unique while values repeat',
        rows: [{ a: 'dup', b: 'x' }, { a: 'dup', b: 'y' }, { a: 'solo' }],
        change: { name: 'a', type: 'text', options: { unique: true } },
        precheck: 'duplicate_values',
      },
      {
        name: 'made required while a record has it empty',
        rows: [{ a: 'x', b: 'x' }, { b: 'y' }],
        change: { name: 'a', type: 'text', options: { required: true } },
        precheck: 'required_missing',
      },
    ])('$name, with a rename, an addition and a reorder in the same request', async ({ rows, change, precheck }) => {
      const { name, saved } = await collectionWithRows(
        [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'text' },
        ],
        rows,
      );
      const before = await state(name);
      const response = await put(name, {
        label: 'Not applied',
        fields: [
          { ...asBody(field(saved, 'b')), name: 'renamed' },
          { ...change, id: field(saved, 'a').id },
          { name: 'extra', type: 'integer' },
        ],
      });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body).toMatchObject({ code: 'CONFLICT', precheck, field: 'a' });

      expect(await state(name)).toEqual(before);
      const columns = (await catalog.columns(name)).map((c) => c.name);
      expect(columns).toContain('b');
      expect(columns).not.toContain('renamed');
      expect(columns).not.toContain('extra');
    });
  });

  describe('bad input → 400 with paths relative to the collection, nothing changed', () => {
    it.each<{ name: string; fields: (saved: CollectionData) => FieldBody[]; errors: string[] }>([
      {
        name: 'an unknown type',
        fields: (saved) => [asBody(field(saved, 'a')), { name: 'b', type: 'colour' }],
        errors: ['fields[1].type'],
      },
      {
        name: 'an option the type does not have, and a bad name, reported together',
        fields: (saved) => [
          { ...asBody(field(saved, 'a')), options: { min: 'low' } },
          { name: 'Bad Name', type: 'text' },
        ],
        errors: ['fields[0].options.min', 'fields[1].name'],
      },
      {
        name: 'an unknown field id',
        fields: (saved) => [
          asBody(field(saved, 'a')),
          { id: '0190a0b0-0000-7000-8000-000000000000', name: 'b', type: 'text' },
        ],
        errors: ['fields[1].id'],
      },
      {
        name: 'the same field id twice',
        fields: (saved) => [asBody(field(saved, 'a')), { ...asBody(field(saved, 'a')), name: 'a2' }],
        errors: ['fields[1].id'],
      },
      {
        name: 'two fields of one name',
        fields: (saved) => [asBody(field(saved, 'a')), { name: 'a', type: 'text' }],
        errors: ['fields[1].name'],
      },
    ])('$name', async ({ fields, errors }) => {
      const { name, saved } = await collectionWithRows([{ name: 'a', type: 'integer' }], [{ a: 1 }]);
      const before = await state(name);
      const response = await put(name, { fields: fields(saved), allow_destructive: true });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const paths = response.body.errors.map((error: { field: string }) => error.field);
      expect(paths).toEqual(expect.arrayContaining(errors));
      expect(await state(name)).toEqual(before);
    });

    it.each<{ name: string; body: unknown; field: string }>([
      { name: 'no fields', body: { label: 'x' }, field: 'fields' },
      { name: 'a field without a type', body: { fields: [{ name: 'a' }] }, field: 'fields.0.type' },
      { name: 'a property the endpoint does not take', body: { fields: [], name: 'other' }, field: 'name' },
      {
        name: 'allow_destructive not a boolean',
        body: { fields: [], allow_destructive: 'yes' },
        field: 'allow_destructive',
      },
    ])('the request itself: $name', async ({ body, field: path }) => {
      const { name } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const before = await state(name);
      const response = await put(name, body);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(path);
      expect(await state(name)).toEqual(before);
    });
  });

  it('a rename carries along the one-to-many field that mirrors it', async () => {
    const { name: parent } = await collectionWithRows([{ name: 'a', type: 'text' }]);
    const { name: child, saved } = await collectionWithRows([
      { name: 'parent', type: 'relation', options: { kind: 'many_to_one', target: parent, onDelete: 'cascade' } },
    ]);
    const reverse = await http.request('POST', `${API}/collections/${parent}/fields`, {
      body: { name: 'children', type: 'relation', options: { kind: 'one_to_many', target: child, via: 'parent' } },
      token: admin.token,
    });
    expect(reverse.status).toBe(201);
    const response = await put(child, { fields: [{ ...asBody(field(saved, 'parent')), name: 'owner' }] });
    expect(response.status).toBe(200);
    expect(field(await get(parent), 'children').options).toMatchObject({ via: 'owner' });
  });

  it('404 for an unknown collection', async () => {
    const response = await put('no_such_collection', { fields: [] });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(PROBLEM);
    expect(response.body.code).toBe('NOT_FOUND');
  });

  describe('users', () => {
    it('takes custom fields beside the system fields sent back as they are (in any key order)', async () => {
      const saved = await get('users');
      const reordered = (options: Record<string, unknown>) => Object.fromEntries(Object.entries(options).reverse());
      const sentBack = saved.fields.map((f) => ({ ...asBody(f), options: reordered(f.options) }));
      expect(sentBack.some((f, i) => JSON.stringify(f.options) !== JSON.stringify(saved.fields[i]!.options))).toBe(
        true,
      );
      const response = await put('users', { fields: [...sentBack, { name: 'nickname', type: 'text' }] });
      expect(response.status).toBe(200);
      expect(await catalog.column('users', 'nickname')).toMatchObject({ type: 'text' });
      const after = await get('users');
      expect(after.fields.filter((f) => f.system)).toEqual(saved.fields.filter((f) => f.system));
    });

    it.each<{ name: string; change: (fields: FieldData[]) => FieldBody[] }>([
      { name: 'a system field left out', change: (fields) => fields.filter((f) => f.name !== 'role').map(asBody) },
      {
        name: 'a system field renamed',
        change: (fields) => fields.map((f) => (f.name === 'email' ? { ...asBody(f), name: 'mail' } : asBody(f))),
      },
      {
        name: 'a system field with other options',
        change: (fields) => fields.map((f) => (f.name === 'verified' ? { ...asBody(f), options: {} } : asBody(f))),
      },
    ])('$name → 400 system_field_locked, nothing changed', async ({ change }) => {
      const saved = await get('users');
      const before = await state('users');
      const response = await put('users', { fields: change(saved.fields), allow_destructive: true });
      expect(response.status).toBe(400);
      expect(response.body.errors).toContainEqual(expect.objectContaining({ code: 'system_field_locked' }));
      expect(await state('users')).toEqual(before);
    });
  });

  describe('access', () => {
    it.each([
      { name: 'without credentials', token: undefined, status: 401, code: 'UNAUTHORIZED' },
      { name: 'as a plain user', token: () => plain.token, status: 403, code: 'FORBIDDEN' },
    ])('$name → $status, nothing changed', async ({ token, status, code }) => {
      const { name, saved } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const before = await state(name);
      const body = { fields: [{ ...asBody(field(saved, 'a')), name: 'b' }], allow_destructive: true };
      const response = await putAs(token?.(), name, body);
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe(code);
      expect(await state(name)).toEqual(before);
    });
  });
});
