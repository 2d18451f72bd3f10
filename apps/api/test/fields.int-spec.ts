// /api/v1/collections/{c}/fields through real HTTP, against tables holding rows: what existing
// records make impossible is a 409 naming them, and a refused change leaves the metadata and the
// table exactly as they were; renames and type changes keep the data.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { constraintOn, indexesOn, openCatalog, type Catalog } from './support/catalog.js';
import { setupAdmin, type TestSession } from './support/identity.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const API = '/api/v1';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
type Row = Record<string, unknown>;

interface FieldBody {
  name: string;
  type: string;
  options?: Record<string, unknown>;
}

interface FieldData extends FieldBody {
  id: string;
  position: number;
  system: boolean;
}

const USER_SYSTEM_FIELDS = ['email', 'role', 'verified', 'disabled', 'last_login_at'];

describe('fields', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let catalog: Catalog;
  let counter = 0;

  const request = (method: Method, path: string, body?: unknown) =>
    http.request(method, `${API}${path}`, { body, token: admin.token });

  /** A fresh collection with these fields and rows; returns its name and the row ids in order. */
  async function collectionWithRows(fields: FieldBody[], rows: Row[] = []): Promise<{ name: string; ids: string[] }> {
    const name = `c${++counter}`;
    const response = await request('POST', '/collections', { name, fields });
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
    return { name, ids };
  }

  async function fieldsOf(collection: string): Promise<FieldData[]> {
    const response = await request('GET', `/collections/${collection}`);
    expect(response.status).toBe(200);
    return response.body.data.fields;
  }

  async function values(collection: string, column: string, ids: string[]): Promise<unknown[]> {
    const { rows } = await catalog.db.query<{ id: string; value: unknown }>(
      `SELECT id, "${column}" AS value FROM "data"."${collection}"`,
    );
    return ids.map((id) => rows.find((row) => row.id === id)?.value);
  }

  /** Everything a refused change must leave as it was. */
  async function state(collection: string) {
    return {
      metadata: (await request('GET', `/collections/${collection}`)).body,
      table: await catalog.table(collection),
      version: await catalog.schemaVersion(),
      history: await catalog.historyCount(),
    };
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    catalog = await openCatalog(env.databaseUrl);
  });

  afterAll(async () => {
    await catalog?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('add', () => {
    it('adds a column at the end, or at the position asked for', async () => {
      const { name } = await collectionWithRows([
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ]);
      const last = await request('POST', `/collections/${name}/fields`, {
        name: 'qty',
        type: 'integer',
        options: { min: 1 },
      });
      expect(last.status).toBe(201);
      expect(last.body.data).toMatchObject({ name: 'qty', type: 'integer', options: { min: 1 }, system: false });
      expect(last.body.meta).toMatchObject({ dry_run: false, version: expect.any(Number) });
      expect(last.body.meta.actions).toContainEqual(
        expect.objectContaining({ type: 'add_column', sql: `ALTER TABLE "data"."${name}" ADD COLUMN "qty" integer` }),
      );
      expect(await catalog.column(name, 'qty')).toMatchObject({ type: 'integer', notNull: false });
      expect(constraintOn(await catalog.constraints(name), 'c', 'qty')).toHaveLength(1);

      const first = await request('POST', `/collections/${name}/fields`, { name: 'top', type: 'text', position: 0 });
      expect(first.status).toBe(201);
      const fields = await fieldsOf(name);
      expect(fields.map((f) => f.name)).toEqual(['top', 'a', 'b', 'qty']);
      expect(fields.map((f) => f.position)).toEqual([0, 1, 2, 3]);
    });

    it('a required field without a default is fine on an empty table', async () => {
      const { name } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const response = await request('POST', `/collections/${name}/fields`, {
        name: 'qty',
        type: 'integer',
        options: { required: true },
      });
      expect(response.status).toBe(201);
      expect(await catalog.column(name, 'qty')).toMatchObject({ notNull: true, default: null });
    });

    it('a required field with a default fills the existing rows', async () => {
      const { name, ids } = await collectionWithRows([{ name: 'a', type: 'text' }], [{ a: 'x' }, { a: 'y' }]);
      const response = await request('POST', `/collections/${name}/fields`, {
        name: 'qty',
        type: 'integer',
        options: { required: true, default: 7 },
      });
      expect(response.status).toBe(201);
      expect(await catalog.column(name, 'qty')).toMatchObject({ notNull: true, default: '7' });
      expect(await values(name, 'qty', ids)).toEqual([7, 7]);
    });

    it('with ?dry_run=true returns the SQL and changes nothing', async () => {
      const { name } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const before = await state(name);
      const response = await request('POST', `/collections/${name}/fields?dry_run=true`, { name: 'b', type: 'text' });
      expect(response.status).toBe(200);
      expect(response.body.meta).toMatchObject({ dry_run: true, version: null });
      expect(response.body.meta.actions[0].sql).toBe(`ALTER TABLE "data"."${name}" ADD COLUMN "b" text`);
      expect(await state(name)).toEqual(before);
    });

    it.each<{ name: string; body: FieldBody; field: string }>([
      { name: 'bad name', body: { name: 'Bad', type: 'text' }, field: 'fields[1].name' },
      { name: 'system column name', body: { name: 'created_by', type: 'text' }, field: 'fields[1].name' },
      { name: 'duplicate name', body: { name: 'a', type: 'text' }, field: 'fields[1].name' },
      { name: 'unknown type', body: { name: 'b', type: 'nope' }, field: 'fields[1].type' },
      {
        name: 'min > max',
        body: { name: 'b', type: 'integer', options: { min: 9, max: 1 } },
        field: 'fields[1].options.min',
      },
      {
        name: 'an option the type does not have',
        body: { name: 'b', type: 'integer', options: { pattern: 'x' } },
        field: 'fields[1].options.pattern',
      },
    ])('$name → 400 at $field, nothing changed', async ({ body, field }) => {
      const { name } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const before = await state(name);
      const response = await request('POST', `/collections/${name}/fields`, body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
      expect(await state(name)).toEqual(before);
    });
  });

  describe('update', () => {
    it('adds and removes constraints and indexes as the options change', async () => {
      const { name } = await collectionWithRows([{ name: 'code', type: 'text' }], [{ code: 'ab' }]);
      const tightened = await request('PATCH', `/collections/${name}/fields/code`, {
        options: { maxLength: 5, unique: true, default: 'zz' },
      });
      expect(tightened.status).toBe(200);
      let constraints = await catalog.constraints(name);
      expect(constraintOn(constraints, 'u', 'code')).toHaveLength(1);
      expect(constraintOn(constraints, 'c', 'code')).toEqual([
        expect.objectContaining({ definition: 'CHECK ((char_length(code) <= 5))' }),
      ]);
      expect(await catalog.column(name, 'code')).toMatchObject({ default: "'zz'::text" });

      const loosened = await request('PATCH', `/collections/${name}/fields/code`, { options: { indexed: true } });
      expect(loosened.status).toBe(200);
      constraints = await catalog.constraints(name);
      expect(constraintOn(constraints, 'u', 'code')).toEqual([]);
      expect(constraintOn(constraints, 'c', 'code')).toEqual([]);
      expect(indexesOn(await catalog.indexes(name), 'code')).toEqual([
        expect.objectContaining({ method: 'btree', unique: false }),
      ]);
      expect(await catalog.column(name, 'code')).toMatchObject({ default: null });
    });

    it('renames with RENAME COLUMN: same attnum, same data, constraints kept', async () => {
      const { name, ids } = await collectionWithRows(
        [
          { name: 'title', type: 'text', options: { unique: true, maxLength: 50 } },
          { name: 'n', type: 'integer' },
        ],
        [{ title: 'one', n: 1 }, { title: 'two' }],
      );
      const before = await catalog.table(name);
      const response = await request('PATCH', `/collections/${name}/fields/title`, { name: 'heading' });
      expect(response.status).toBe(200);
      expect(response.body.data.name).toBe('heading');
      expect(response.body.meta.actions).toEqual([
        expect.objectContaining({
          type: 'rename_column',
          sql: `ALTER TABLE "data"."${name}" RENAME COLUMN "title" TO "heading"`,
        }),
      ]);
      const after = await catalog.table(name);
      const old = before.columns.find((c) => c.name === 'title')!;
      expect(after.columns.find((c) => c.name === 'heading')).toEqual({ ...old, name: 'heading' });
      expect(after.columns.find((c) => c.name === 'title')).toBeUndefined();
      expect(await values(name, 'heading', ids)).toEqual(['one', 'two']);
      // Constraints are named after the field id, so the rename keeps them.
      expect(after.constraints.map((c) => c.name)).toEqual(before.constraints.map((c) => c.name));
      expect(constraintOn(after.constraints, 'u', 'heading')).toHaveLength(1);
      expect((await fieldsOf(name)).map((f) => f.name)).toEqual(['heading', 'n']);
    });

    it('renaming a many_to_one that a one_to_many mirrors keeps the reverse side pointing at it', async () => {
      const { name: parent } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const { name: child } = await collectionWithRows([
        { name: 'parent', type: 'relation', options: { kind: 'many_to_one', target: parent, onDelete: 'cascade' } },
      ]);
      const reverse = await request('POST', `/collections/${parent}/fields`, {
        name: 'children',
        type: 'relation',
        options: { kind: 'one_to_many', target: child, via: 'parent' },
      });
      expect(reverse.status).toBe(201);
      const response = await request('PATCH', `/collections/${child}/fields/parent`, { name: 'owner' });
      expect(response.status).toBe(200);
      expect(await catalog.column(child, 'owner')).toBeDefined();
      const children = (await fieldsOf(parent)).find((f) => f.name === 'children');
      expect(children?.options).toMatchObject({ kind: 'one_to_many', target: child, via: 'owner' });
    });

    it('changes text to integer when every value converts, converting the data in place', async () => {
      const { name, ids } = await collectionWithRows(
        [{ name: 'code', type: 'text' }],
        [{ code: '1' }, { code: '-42' }, { code: null }, { code: ' 7 ' }],
      );
      const attnum = (await catalog.column(name, 'code'))!.attnum;
      const response = await request('PATCH', `/collections/${name}/fields/code`, { type: 'integer' });
      expect(response.status).toBe(200);
      expect(response.body.meta.actions).toContainEqual(expect.objectContaining({ type: 'alter_column_type' }));
      expect(await catalog.column(name, 'code')).toMatchObject({ type: 'integer', attnum });
      expect(await values(name, 'code', ids)).toEqual([1, -42, null, 7]);
      expect((await fieldsOf(name))[0]).toMatchObject({ name: 'code', type: 'integer' });
    });

    // Record writes run as named prepared statements: one prepared before the change returns
    // the old type under the same text, which PostgreSQL refuses ("cached plan must not change
    // result type"); the schema version in the statement's text makes them prepare afresh.
    it('keeps record writes working after a type change on connections that prepared them before', async () => {
      const { name, ids } = await collectionWithRows(
        [
          { name: 'code', type: 'text' },
          { name: 'note', type: 'text' },
        ],
        [{ code: '5', note: 'a' }],
      );
      const patch = (n: number) => request('PATCH', `/collections/${name}/records/${ids[0]}`, { note: `n${n}` });
      // More writes than the pool has connections, so every connection prepares the update.
      for (let n = 0; n < 24; n += 1) expect((await patch(n)).status).toBe(200);
      expect((await request('PATCH', `/collections/${name}/fields/code`, { type: 'integer' })).status).toBe(200);
      for (let n = 0; n < 24; n += 1) {
        const response = await patch(n);
        expect([response.status, response.body.data?.code]).toEqual([200, 5]);
      }
    });

    it.each<{ name: string; from: FieldBody; to: Record<string, unknown>; row: Row }>([
      { name: 'json → integer', from: { name: 'f', type: 'json' }, to: { type: 'integer' }, row: { f: '1' } },
      { name: 'boolean → date', from: { name: 'f', type: 'boolean' }, to: { type: 'date' }, row: { f: true } },
      {
        name: 'multi_select → integer',
        from: { name: 'f', type: 'multi_select', options: { values: ['a'] } },
        to: { type: 'integer', options: {} },
        row: { f: ['a'] },
      },
    ])('$name has no cast: 400 at fields[0].type, nothing changed', async ({ from, to, row }) => {
      const { name } = await collectionWithRows([from], [row]);
      const before = await state(name);
      const response = await request('PATCH', `/collections/${name}/fields/f`, to);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(
        expect.objectContaining({ field: 'fields[0].type', code: 'type_change_unsupported' }),
      );
      expect(await state(name)).toEqual(before);
    });

    it('a relation cannot change its target: 400, nothing changed', async () => {
      const { name: other } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const { name } = await collectionWithRows([
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
      ]);
      const before = await state(name);
      const response = await request('PATCH', `/collections/${name}/fields/owner`, {
        options: { kind: 'many_to_one', target: other, onDelete: 'cascade' },
      });
      expect(response.status).toBe(400);
      expect(await state(name)).toEqual(before);
    });

    it('404 for a field the collection does not have', async () => {
      const { name } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      for (const response of [
        await request('PATCH', `/collections/${name}/fields/ghost`, { name: 'b' }),
        await request('DELETE', `/collections/${name}/fields/ghost`),
      ]) {
        expect(response.status).toBe(404);
        expect(response.body.code).toBe('NOT_FOUND');
      }
    });
  });

  describe('changes existing records break → 409 naming them, nothing changed', () => {
    interface Case {
      name: string;
      fields: FieldBody[];
      rows: Row[];
      method: Method;
      path: (collection: string) => string;
      body: unknown;
      precheck: string;
      field: string;
      count: number;
      /** Indexes (in `rows`) of the records the sample must name, with the value it shows. */
      sample: { row: number; value: unknown }[];
    }

    it.each<Case>([
      {
        name: 'add a required field without default to a table with rows',
        fields: [{ name: 'a', type: 'text' }],
        rows: [{ a: 'x' }, { a: 'y' }, { a: null }],
        method: 'POST',
        path: (c) => `/collections/${c}/fields`,
        body: { name: 'qty', type: 'integer', options: { required: true } },
        precheck: 'required_missing',
        field: 'qty',
        count: 3,
        sample: [
          { row: 0, value: null },
          { row: 1, value: null },
          { row: 2, value: null },
        ],
      },
      {
        name: 'make a field required while some records have no value',
        fields: [{ name: 'a', type: 'text' }],
        rows: [{ a: 'x' }, { a: null }, { a: null }],
        method: 'PATCH',
        path: (c) => `/collections/${c}/fields/a`,
        body: { options: { required: true } },
        precheck: 'required_missing',
        field: 'a',
        count: 2,
        sample: [
          { row: 1, value: null },
          { row: 2, value: null },
        ],
      },
      {
        name: 'make a field unique while values repeat',
        fields: [{ name: 'a', type: 'text' }],
        rows: [{ a: 'dup' }, { a: 'solo' }, { a: 'dup' }, { a: null }, { a: null }],
        method: 'PATCH',
        path: (c) => `/collections/${c}/fields/a`,
        body: { options: { unique: true } },
        precheck: 'duplicate_values',
        field: 'a',
        // The number of repeated values; the sample lists the records sharing them.
        count: 1,
        sample: [
          { row: 0, value: 'dup' },
          { row: 2, value: 'dup' },
        ],
      },
      {
        name: 'change text to integer while a value does not convert',
        fields: [{ name: 'a', type: 'text' }],
        rows: [{ a: '1' }, { a: 'x2' }, { a: '3' }],
        method: 'PATCH',
        path: (c) => `/collections/${c}/fields/a`,
        body: { type: 'integer' },
        precheck: 'cast_failure',
        field: 'a',
        count: 1,
        sample: [{ row: 1, value: 'x2' }],
      },
      {
        name: 'remove a select value records still use',
        fields: [{ name: 'a', type: 'select', options: { values: ['red', 'blue'] } }],
        rows: [{ a: 'red' }, { a: 'blue' }],
        method: 'PATCH',
        path: (c) => `/collections/${c}/fields/a`,
        body: { options: { values: ['red'] } },
        precheck: 'check_violation',
        field: 'a',
        count: 1,
        sample: [{ row: 1, value: 'blue' }],
      },
      {
        name: 'rename and tighten at once, refused at the last step (the rename is undone too)',
        fields: [{ name: 'a', type: 'text' }],
        rows: [{ a: 'short' }, { a: null }],
        method: 'PATCH',
        path: (c) => `/collections/${c}/fields/a`,
        body: { name: 'renamed', options: { maxLength: 10, indexed: true, required: true } },
        precheck: 'required_missing',
        field: 'renamed',
        count: 1,
        sample: [{ row: 1, value: null }],
      },
    ])('$name', async ({ fields, rows, method, path, body, precheck, field, count, sample }) => {
      const { name, ids } = await collectionWithRows(fields, rows);
      const before = await state(name);
      const data = await catalog.db.query(`SELECT * FROM "data"."${name}" ORDER BY id`);

      const response = await request(method, path(name), body);
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body).toMatchObject({ code: 'CONFLICT', precheck, count, field });
      const counted = precheck === 'duplicate_values' ? 'repeated value(s)' : 'record(s)';
      expect(response.body.detail).toContain(`${count} ${counted}`);
      const expectedSample = sample.map(({ row, value }) => ({ id: ids[row], value }));
      expect(response.body.sample).toEqual(expect.arrayContaining(expectedSample));
      expect(response.body.sample).toHaveLength(expectedSample.length);
      for (const { id } of expectedSample) expect(response.body.detail).toContain(id);

      expect(await state(name)).toEqual(before);
      expect((await catalog.db.query(`SELECT * FROM "data"."${name}" ORDER BY id`)).rows).toEqual(data.rows);
    });
  });

  describe('reorder', () => {
    it('changes only the positions: no DDL, attnums unchanged', async () => {
      const { name } = await collectionWithRows([
        { name: 'a', type: 'text' },
        { name: 'b', type: 'integer' },
        { name: 'c', type: 'boolean' },
      ]);
      const table = await catalog.table(name);
      const response = await request('PUT', `/collections/${name}/field-order`, { order: ['c', 'a', 'b'] });
      expect(response.status).toBe(200);
      expect(response.body.meta.actions).toEqual([]);
      expect(response.body.data.fields.map((f: FieldData) => f.name)).toEqual(['c', 'a', 'b']);
      const fields = await fieldsOf(name);
      expect(fields.map((f) => [f.name, f.position])).toEqual([
        ['c', 0],
        ['a', 1],
        ['b', 2],
      ]);
      expect(await catalog.table(name)).toEqual(table);
    });

    it('moves one field with PATCH position', async () => {
      const { name } = await collectionWithRows([
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
        { name: 'c', type: 'text' },
      ]);
      expect((await request('PATCH', `/collections/${name}/fields/a`, { position: 2 })).status).toBe(200);
      expect((await fieldsOf(name)).map((f) => f.name)).toEqual(['b', 'c', 'a']);
      expect((await request('PATCH', `/collections/${name}/fields/c`, { position: 0 })).status).toBe(200);
      expect((await fieldsOf(name)).map((f) => f.name)).toEqual(['c', 'b', 'a']);
    });

    it.each([
      { name: 'a field left out', order: ['a'] },
      { name: 'an unknown field', order: ['a', 'b', 'zz'] },
      { name: 'a field twice', order: ['a', 'a', 'b'] },
    ])('$name → 400 on order, nothing changed', async ({ order }) => {
      const { name } = await collectionWithRows([
        { name: 'a', type: 'text' },
        { name: 'b', type: 'text' },
      ]);
      const before = await state(name);
      const response = await request('PUT', `/collections/${name}/field-order`, { order });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors?.[0]?.field ?? 'order').toBe('order');
      expect(await state(name)).toEqual(before);
    });
  });

  describe('delete', () => {
    it('drops the column (and its constraints), keeps the rows, records it in history', async () => {
      const { name, ids } = await collectionWithRows(
        [
          { name: 'a', type: 'text' },
          { name: 'b', type: 'integer', options: { unique: true, min: 0 } },
        ],
        [
          { a: 'x', b: 1 },
          { a: 'y', b: 2 },
        ],
      );
      const response = await request('DELETE', `/collections/${name}/fields/b`);
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.meta.actions).toContainEqual(
        expect.objectContaining({
          type: 'drop_column',
          destructive: true,
          sql: `ALTER TABLE "data"."${name}" DROP COLUMN "b"`,
        }),
      );
      expect(await catalog.column(name, 'b')).toBeUndefined();
      expect((await catalog.constraints(name)).filter((c) => c.kind === 'u' || c.kind === 'c')).toEqual([]);
      expect(await values(name, 'a', ids)).toEqual(['x', 'y']);
      expect((await fieldsOf(name)).map((f) => f.name)).toEqual(['a']);

      const { rows } = await catalog.db.query(
        'SELECT version, actor_kind, actor_id, summary, statements FROM stagecraft.schema_history ORDER BY id DESC LIMIT 1',
      );
      expect(rows[0]).toMatchObject({
        version: String(response.body.meta.version),
        actor_kind: 'user',
        actor_id: admin.user.id,
      });
      expect(rows[0].summary).toContain('"b"');
      expect(rows[0].statements).toEqual([`ALTER TABLE "data"."${name}" DROP COLUMN "b"`]);
    });

    it('refuses to delete the field a one_to_many mirrors: 400, nothing changed', async () => {
      const { name: parent } = await collectionWithRows([{ name: 'a', type: 'text' }]);
      const { name: child } = await collectionWithRows([
        { name: 'parent', type: 'relation', options: { kind: 'many_to_one', target: parent, onDelete: 'cascade' } },
      ]);
      const reverse = await request('POST', `/collections/${parent}/fields`, {
        name: 'children',
        type: 'relation',
        options: { kind: 'one_to_many', target: child, via: 'parent' },
      });
      expect(reverse.status).toBe(201);
      const before = await state(child);
      const response = await request('DELETE', `/collections/${child}/fields/parent`);
      expect(response.status).toBe(400);
      expect(await state(child)).toEqual(before);
    });
  });

  describe('users', () => {
    it('accepts a custom field through the same API, and lets it be renamed and deleted', async () => {
      const added = await request('POST', '/collections/users/fields', { name: 'nickname', type: 'text' });
      expect(added.status).toBe(201);
      expect(await catalog.column('users', 'nickname')).toMatchObject({ type: 'text', notNull: false });
      const users = await fieldsOf('users');
      expect(users.map((f) => f.name)).toEqual([...USER_SYSTEM_FIELDS, 'nickname']);
      expect(users.find((f) => f.name === 'nickname')?.system).toBe(false);

      expect((await request('PATCH', '/collections/users/fields/nickname', { name: 'nick' })).status).toBe(200);
      expect(await catalog.column('users', 'nick')).toBeDefined();
      expect((await request('DELETE', '/collections/users/fields/nick')).status).toBe(200);
      expect(await catalog.column('users', 'nick')).toBeUndefined();
    });

    const systemFieldChanges = USER_SYSTEM_FIELDS.flatMap((field) => [
      { field, change: 'rename', method: 'PATCH' as const, body: { name: `${field}_x` } },
      { field, change: 'options', method: 'PATCH' as const, body: { options: { required: false } } },
      { field, change: 'type', method: 'PATCH' as const, body: { type: 'text', options: {} } },
      { field, change: 'delete', method: 'DELETE' as const, body: undefined },
    ]);

    it.each(systemFieldChanges)(
      'system field $field: $change → 4xx, nothing changed',
      async ({ field, method, body }) => {
        const before = await state('users');
        const response = await request(method, `/collections/users/fields/${field}`, body);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toBe(PROBLEM);
        expect(await state('users')).toEqual(before);
      },
    );

    it('a refused delete of a system field names the problem relative to the collection', async () => {
      const response = await request('DELETE', '/collections/users/fields/role');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'fields', code: 'system_field_locked' })]);
    });

    it.each<{ change: string; method: Method; body?: unknown }>([
      { change: 'rename', method: 'PATCH', body: { name: 'members' } },
      { change: 'delete', method: 'DELETE' },
    ])('users: $change → 4xx, nothing changed', async ({ method, body }) => {
      const before = await state('users');
      const response = await request(method, '/collections/users', body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(await state('users')).toEqual(before);
      expect(await catalog.tableExists('members')).toBe(false);
    });
  });
});
