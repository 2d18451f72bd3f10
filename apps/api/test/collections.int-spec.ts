// /api/v1/collections through real HTTP: every field type becomes the real column, constraint,
// index and foreign key it promises (read back from pg_catalog); renames keep rows; dry runs
// change nothing; bad input is one 400 listing every problem; only admins get in.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { constraintOn, indexesOn, openCatalog, type Catalog } from './support/catalog.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const API = '/api/v1';

interface Call {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  path: string;
  body?: unknown;
}

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

interface CollectionData {
  id: string;
  name: string;
  label: string;
  fields: FieldData[];
}

const fieldIdOf = (collection: CollectionData, name: string): string => {
  const field = collection.fields.find((f) => f.name === name);
  if (!field) throw new Error(`no field ${name} in ${collection.name}`);
  return field.id;
};

/** `<table>_<last 12 hex digits of the field id>_<suffix>`, as the engine names its objects. */
const objectName = (table: string, fieldId: string, suffix: string) =>
  `${table}_${fieldId.replaceAll('-', '').slice(-12)}_${suffix}`;

describe('collections', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let plain: TestSession;
  let catalog: Catalog;
  let counter = 0;

  const call = (request: Call, token?: string) =>
    http.request(request.method, `${API}${request.path}`, { body: request.body, token });
  const asAdmin = (method: Call['method'], path: string, body?: unknown) => call({ method, path, body }, admin.token);
  const uniqueName = (label: string) => `${label}_${++counter}`;

  /** Creates a collection through the API in one line; fails the test on anything but 201. */
  async function createCollection(name: string, fields: FieldBody[] = []): Promise<CollectionData> {
    const response = await asAdmin('POST', '/collections', { name, fields });
    if (response.status !== 201) throw new Error(`create ${name}: ${response.status} ${response.text}`);
    return response.body.data;
  }

  async function insertRows(table: string, columns: Record<string, unknown>[]): Promise<string[]> {
    const ids: string[] = [];
    for (const row of columns) {
      const names = Object.keys(row);
      const { rows } = await catalog.db.query<{ id: string }>(
        `INSERT INTO "data"."${table}" (id${names.map((n) => `, "${n}"`).join('')})
         VALUES (gen_random_uuid()${names.map((_, i) => `, $${i + 1}`).join('')}) RETURNING id`,
        Object.values(row),
      );
      ids.push(rows[0]!.id);
    }
    return ids;
  }

  /** Everything a failed or dry-run change must leave untouched. */
  async function observable() {
    return {
      collections: (await asAdmin('GET', '/collections')).body,
      tables: await catalog.dataSchema(),
      version: await catalog.schemaVersion(),
      history: await catalog.historyCount(),
    };
  }

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

  describe('every field type becomes real PostgreSQL', () => {
    const RELATIONS = [
      { name: 'owner_set_null', target: 'users', onDelete: 'set_null' },
      { name: 'owner_cascade', target: 'users', onDelete: 'cascade' },
      { name: 'owner_restrict', target: 'users', onDelete: 'restrict' },
      { name: 'author_cascade', target: 'authors', onDelete: 'cascade', required: true },
      { name: 'author_restrict', target: 'authors', onDelete: 'restrict' },
      { name: 'author_set_null', target: 'authors', onDelete: 'set_null' },
    ] as const;

    const FIELDS: FieldBody[] = [
      {
        name: 'title',
        type: 'text',
        options: { required: true, unique: true, minLength: 2, maxLength: 200, pattern: '^[A-Z]', default: 'Untitled' },
      },
      { name: 'body', type: 'long_text', options: { maxLength: 10000 } },
      { name: 'views', type: 'integer', options: { required: true, min: 0, max: 1000000, default: 0, indexed: true } },
      { name: 'price', type: 'number', options: { precision: 10, scale: 2, min: 0 } },
      { name: 'ratio', type: 'number' },
      { name: 'published', type: 'boolean', options: { required: true, default: false } },
      { name: 'day', type: 'date', options: { min: '2000-01-01' } },
      { name: 'at', type: 'datetime', options: { default: 'now' } },
      { name: 'meta', type: 'json', options: { indexed: true, default: { a: 1 } } },
      { name: 'contact', type: 'email', options: { unique: true } },
      { name: 'site', type: 'url' },
      { name: 'status', type: 'select', options: { values: ['draft', 'live'], default: 'draft', indexed: true } },
      { name: 'tags', type: 'multi_select', options: { values: ['a', 'b', 'c'], maxSelect: 2, indexed: true } },
      ...RELATIONS.map(({ name, target, onDelete, ...rest }) => ({
        name,
        type: 'relation',
        options: { kind: 'many_to_one', target, onDelete, ...rest },
      })),
      { name: 'related', type: 'relation', options: { kind: 'many_to_many', target: 'authors' } },
      { name: 'token', type: 'secret', options: { minLength: 8 } },
    ];

    let posts: CollectionData;
    let authors: CollectionData;
    const fieldId = (name: string): string => fieldIdOf(posts, name);

    beforeAll(async () => {
      authors = await createCollection('authors', [{ name: 'name', type: 'text', options: { required: true } }]);
      posts = await createCollection('posts', FIELDS);
      const reverse = await asAdmin('POST', '/collections/authors/fields', {
        name: 'posts',
        type: 'relation',
        options: { kind: 'one_to_many', target: 'posts', via: 'author_cascade' },
      });
      expect(reverse.status).toBe(201);
      expect(reverse.body.meta.actions).toEqual([]);
    });

    it('answers the created collection with stable ids and the planned SQL', () => {
      expect(posts.name).toBe('posts');
      expect(posts.label).toBe('Posts');
      expect(posts.fields.map((f) => f.name)).toEqual(FIELDS.map((f) => f.name));
      expect(posts.fields.map((f) => f.position)).toEqual(FIELDS.map((_, i) => i));
    });

    it('has the system columns and a primary key on id', async () => {
      const columns = await catalog.columns('posts');
      expect(columns.slice(0, 5).map(({ attnum: _, ...c }) => c)).toEqual([
        { name: 'id', type: 'uuid', notNull: true, default: null },
        { name: 'created_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
        { name: 'updated_at', type: 'timestamp with time zone', notNull: true, default: 'now()' },
        { name: 'created_by', type: 'uuid', notNull: false, default: null },
        { name: 'version', type: 'integer', notNull: true, default: '1' },
      ]);
      const constraints = await catalog.constraints('posts');
      expect(constraints.find((c) => c.kind === 'p')).toMatchObject({ name: 'posts_pkey', columns: ['id'] });
      expect(constraintOn(constraints, 'f', 'created_by')).toEqual([
        expect.objectContaining({ name: 'posts_created_by_fkey', references: 'data.users', onDelete: 'set_null' }),
      ]);
    });

    it.each([
      { field: 'title', type: 'text', notNull: true, default: "'Untitled'::text" },
      { field: 'body', type: 'text', notNull: false, default: null },
      { field: 'views', type: 'integer', notNull: true, default: '0' },
      { field: 'price', type: 'numeric(10,2)', notNull: false, default: null },
      { field: 'ratio', type: 'numeric', notNull: false, default: null },
      { field: 'published', type: 'boolean', notNull: true, default: 'false' },
      { field: 'day', type: 'date', notNull: false, default: null },
      { field: 'at', type: 'timestamp with time zone', notNull: false, default: 'now()' },
      { field: 'meta', type: 'jsonb', notNull: false, default: `'{"a": 1}'::jsonb` },
      { field: 'contact', type: 'text', notNull: false, default: null },
      { field: 'site', type: 'text', notNull: false, default: null },
      { field: 'status', type: 'text', notNull: false, default: "'draft'::text" },
      { field: 'tags', type: 'text[]', notNull: false, default: null },
      { field: 'owner_set_null', type: 'uuid', notNull: false, default: null },
      { field: 'author_cascade', type: 'uuid', notNull: true, default: null },
      { field: 'token', type: 'text', notNull: false, default: null },
    ])('$field is a $type column (NOT NULL: $notNull, default: $default)', async ({ field, ...expected }) => {
      const column = await catalog.column('posts', field);
      expect(column).toMatchObject({ name: field, ...expected });
    });

    it.each([
      { field: 'title', kind: 'minlen', definition: 'CHECK ((char_length(title) >= 2))' },
      { field: 'title', kind: 'maxlen', definition: 'CHECK ((char_length(title) <= 200))' },
      { field: 'title', kind: 'pattern', definition: "CHECK ((title ~ '^[A-Z]'::text))" },
      { field: 'body', kind: 'maxlen', definition: 'CHECK ((char_length(body) <= 10000))' },
      { field: 'views', kind: 'min', definition: 'CHECK ((views >= 0))' },
      { field: 'views', kind: 'max', definition: 'CHECK ((views <= 1000000))' },
      { field: 'price', kind: 'min', definition: 'CHECK ((price >= (0)::numeric))' },
      { field: 'day', kind: 'min', definition: "CHECK ((day >= '2000-01-01'::date))" },
      { field: 'status', kind: 'values', definition: "CHECK ((status = ANY (ARRAY['draft'::text, 'live'::text])))" },
      { field: 'tags', kind: 'values', definition: "CHECK ((tags <@ ARRAY['a'::text, 'b'::text, 'c'::text]))" },
      { field: 'tags', kind: 'maxsel', definition: 'CHECK ((cardinality(tags) <= 2))' },
    ])('$field has its $kind CHECK', async ({ field, kind, definition }) => {
      const checks = constraintOn(await catalog.constraints('posts'), 'c', field);
      expect(checks).toContainEqual(
        expect.objectContaining({ name: objectName('posts', fieldId(field), `${kind}_chk`), definition }),
      );
    });

    it.each([
      { field: 'ratio', checks: 0 },
      { field: 'published', checks: 0 },
      { field: 'at', checks: 0 },
      { field: 'meta', checks: 0 },
      { field: 'contact', checks: 0 },
      { field: 'site', checks: 0 },
      // A secret's lengths apply to the plaintext: the API checks them, not the database.
      { field: 'token', checks: 0 },
      // minLength, maxLength, pattern, and not blank (title is required).
      { field: 'title', checks: 4 },
      { field: 'tags', checks: 2 },
    ])('$field has exactly $checks CHECK constraint(s)', async ({ field, checks }) => {
      expect(constraintOn(await catalog.constraints('posts'), 'c', field)).toHaveLength(checks);
    });

    it.each(['title', 'contact'])('%s has a UNIQUE constraint (and no extra index)', async (field) => {
      const unique = constraintOn(await catalog.constraints('posts'), 'u', field);
      expect(unique).toEqual([
        expect.objectContaining({ name: objectName('posts', fieldId(field), 'key'), definition: `UNIQUE (${field})` }),
      ]);
      const indexes = indexesOn(await catalog.indexes('posts'), field);
      expect(indexes).toEqual([expect.objectContaining({ unique: true, method: 'btree' })]);
    });

    it.each([
      { field: 'views', method: 'btree' },
      { field: 'status', method: 'btree' },
      { field: 'meta', method: 'gin' },
      { field: 'tags', method: 'gin' },
      ...RELATIONS.map(({ name }) => ({ field: name, method: 'btree' })),
    ])('$field has a $method index', async ({ field, method }) => {
      expect(indexesOn(await catalog.indexes('posts'), field)).toEqual([
        expect.objectContaining({ name: objectName('posts', fieldId(field), 'idx'), method, unique: false }),
      ]);
    });

    it.each(['body', 'price', 'published', 'day', 'at', 'site', 'token'])('%s has no index', async (field) => {
      expect(indexesOn(await catalog.indexes('posts'), field)).toEqual([]);
    });

    it.each(RELATIONS)('$name references data.$target ON DELETE $onDelete', async ({ name, target, onDelete }) => {
      expect(constraintOn(await catalog.constraints('posts'), 'f', name)).toEqual([
        expect.objectContaining({
          name: objectName('posts', fieldId(name), 'fkey'),
          references: `data.${target}`,
          onDelete,
        }),
      ]);
    });

    it('many_to_many has no column but a junction table with both foreign keys and a reverse index', async () => {
      expect(await catalog.column('posts', 'related')).toBeUndefined();
      const junction = `_m2m_${fieldId('related').replaceAll('-', '')}`;
      const shape = await catalog.table(junction);
      expect(shape.columns.map(({ name, type, notNull }) => ({ name, type, notNull }))).toEqual([
        { name: 'source_id', type: 'uuid', notNull: true },
        { name: 'target_id', type: 'uuid', notNull: true },
      ]);
      expect(shape.constraints.find((c) => c.kind === 'p')?.columns).toEqual(['source_id', 'target_id']);
      expect(constraintOn(shape.constraints, 'f', 'source_id')).toEqual([
        expect.objectContaining({ references: 'data.posts', onDelete: 'cascade' }),
      ]);
      expect(constraintOn(shape.constraints, 'f', 'target_id')).toEqual([
        expect.objectContaining({ references: 'data.authors', onDelete: 'cascade' }),
      ]);
      expect(indexesOn(shape.indexes, 'target_id')).toHaveLength(1);
    });

    it('one_to_many is virtual: no column on the collection that declares it', async () => {
      expect((await catalog.columns('authors')).map((c) => c.name)).toEqual([
        'id',
        'created_at',
        'updated_at',
        'created_by',
        'version',
        'name',
      ]);
    });

    it('the constraints really hold: a CHECK, a UNIQUE and an ON DELETE CASCADE', async () => {
      const [authorId] = await insertRows('authors', [{ name: 'Ann' }]);
      const row = { title: 'Hello', author_cascade: authorId };
      await insertRows('posts', [row]);
      await expect(insertRows('posts', [row])).rejects.toThrow(/unique/);
      await expect(insertRows('posts', [{ title: 'lower', author_cascade: authorId }])).rejects.toThrow(/check/);
      await expect(insertRows('posts', [{ title: 'Tags', author_cascade: authorId, tags: ['z'] }])).rejects.toThrow(
        /check/,
      );
      await catalog.db.query('DELETE FROM data.authors WHERE id = $1', [authorId]);
      const { rows } = await catalog.db.query('SELECT count(*)::int AS n FROM data.posts WHERE author_cascade = $1', [
        authorId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('lists and gets collections with their fields', async () => {
      const list = await asAdmin('GET', '/collections');
      expect(list.status).toBe(200);
      const names = list.body.data.map((c: { name: string }) => c.name);
      expect(names).toEqual(expect.arrayContaining(['authors', 'posts', 'users']));
      const one = await asAdmin('GET', '/collections/posts');
      expect(one.status).toBe(200);
      expect(one.body.data).toEqual(list.body.data.find((c: { name: string }) => c.name === 'posts'));
      expect(one.body.data.id).toBe(posts.id);
      expect(one.body.data.fields.find((f: { name: string }) => f.name === 'price')).toMatchObject({
        type: 'number',
        options: { precision: 10, scale: 2, min: 0 },
        system: false,
      });
      const authorsNow = await asAdmin('GET', '/collections/authors');
      expect(authorsNow.body.data.id).toBe(authors.id);
      expect(authorsNow.body.data.fields.map((f: { name: string }) => f.name)).toEqual(['name', 'posts']);
    });
  });

  describe('rename', () => {
    it('keeps the rows under the new table name, and relations pointing at it follow', async () => {
      const shelves = uniqueName('shelves');
      const racks = uniqueName('racks');
      const books = uniqueName('books');
      await createCollection(shelves, [{ name: 'label', type: 'text', options: { indexed: true } }]);
      const booksDef = await createCollection(books, [
        { name: 'title', type: 'text' },
        { name: 'shelf', type: 'relation', options: { kind: 'many_to_one', target: shelves, onDelete: 'cascade' } },
        { name: 'near', type: 'relation', options: { kind: 'many_to_many', target: shelves } },
      ]);
      const shelfIds = await insertRows(shelves, [{ label: 'top' }, { label: 'bottom' }]);
      await insertRows(books, [{ title: 'Dune', shelf: shelfIds[0] }]);

      const response = await asAdmin('PATCH', `/collections/${shelves}`, { name: racks });
      expect(response.status).toBe(200);
      expect(response.body.data.name).toBe(racks);
      expect(response.body.meta.actions).toContainEqual(
        expect.objectContaining({
          type: 'rename_table',
          destructive: false,
          sql: `ALTER TABLE "data"."${shelves}" RENAME TO "${racks}"`,
        }),
      );

      expect(await catalog.tableExists(shelves)).toBe(false);
      const { rows } = await catalog.db.query(`SELECT id, label FROM data.${racks} ORDER BY label`);
      expect(rows).toEqual([
        { id: shelfIds[1], label: 'bottom' },
        { id: shelfIds[0], label: 'top' },
      ]);
      const rackConstraints = await catalog.constraints(racks);
      expect(rackConstraints.find((c) => c.kind === 'p')?.name).toBe(`${racks}_pkey`);

      const bookFks = await catalog.constraints(books);
      expect(constraintOn(bookFks, 'f', 'shelf')).toEqual([
        expect.objectContaining({ references: `data.${racks}`, onDelete: 'cascade' }),
      ]);
      const junction = await catalog.table(`_m2m_${fieldIdOf(booksDef, 'near').replaceAll('-', '')}`);
      expect(constraintOn(junction.constraints, 'f', 'target_id')[0]?.references).toBe(`data.${racks}`);

      const booksNow = await asAdmin('GET', `/collections/${books}`);
      const targets = booksNow.body.data.fields
        .filter((f: { type: string }) => f.type === 'relation')
        .map((f: { options: { target: string } }) => f.options.target);
      expect(targets).toEqual([racks, racks]);
      expect((await asAdmin('GET', `/collections/${shelves}`)).status).toBe(404);
      expect((await asAdmin('GET', `/collections/${racks}`)).status).toBe(200);
    });
  });

  describe('label, description and rules', () => {
    it('updates them without DDL', async () => {
      const name = uniqueName('notes');
      await createCollection(name, [{ name: 'body', type: 'text' }]);
      const before = await catalog.table(name);
      const rules = { list: '', view: '@request.auth.id != null', create: 'body ~ "x"' };
      const response = await asAdmin('PATCH', `/collections/${name}`, {
        label: 'My notes',
        description: 'Scribbles',
        rules,
      });
      expect(response.status).toBe(200);
      expect(response.body.meta.actions).toEqual([]);
      const got = await asAdmin('GET', `/collections/${name}`);
      expect(got.body.data).toMatchObject({
        label: 'My notes',
        description: 'Scribbles',
        rules: { ...rules, update: null, delete: null },
      });
      expect(await catalog.table(name)).toEqual(before);
    });

    it('refuses a rule with a syntax error with a 400 naming rules.list, changing nothing', async () => {
      const name = uniqueName('notes');
      await createCollection(name, [{ name: 'body', type: 'text' }]);
      const before = await observable();
      const response = await asAdmin('PATCH', `/collections/${name}`, {
        label: 'Changed',
        rules: { list: 'body = =' },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'rules.list' })]);
      expect(await observable()).toEqual(before);
    });
  });

  describe('delete', () => {
    it('drops the table and its junction tables, and records it in the schema history', async () => {
      const name = uniqueName('scratch');
      const created = await createCollection(name, [
        { name: 'a', type: 'text' },
        { name: 'links', type: 'relation', options: { kind: 'many_to_many', target: 'users' } },
      ]);
      const junction = `_m2m_${fieldIdOf(created, 'links').replaceAll('-', '')}`;
      await insertRows(name, [{ a: 'x' }]);
      expect(await catalog.tableExists(junction)).toBe(true);

      const response = await asAdmin('DELETE', `/collections/${name}`);
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.meta.actions).toContainEqual(
        expect.objectContaining({ type: 'drop_table', destructive: true, sql: `DROP TABLE "data"."${name}"` }),
      );
      expect(await catalog.tableExists(name)).toBe(false);
      expect(await catalog.tableExists(junction)).toBe(false);
      expect((await asAdmin('GET', `/collections/${name}`)).status).toBe(404);

      const { rows } = await catalog.db.query(
        'SELECT version, actor_kind, actor_id, summary, statements FROM stagecraft.schema_history ORDER BY id DESC LIMIT 1',
      );
      expect(rows[0]).toMatchObject({
        version: String(response.body.meta.version),
        actor_kind: 'user',
        actor_id: admin.user.id,
        summary: expect.stringContaining(name),
      });
      expect(rows[0].statements).toContain(`DROP TABLE "data"."${name}"`);
    });

    it('refuses to drop a collection other collections relate to (409), changing nothing', async () => {
      const target = uniqueName('target');
      const source = uniqueName('source');
      await createCollection(target, [{ name: 'a', type: 'text' }]);
      await createCollection(source, [
        { name: 'ref', type: 'relation', options: { kind: 'many_to_one', target, onDelete: 'cascade' } },
      ]);
      const before = await observable();
      const response = await asAdmin('DELETE', `/collections/${target}`);
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('CONFLICT');
      expect(await observable()).toEqual(before);
    });
  });

  describe('dry run', () => {
    it.each<{ name: string; setup: () => Promise<Call>; sql: string }>([
      {
        name: 'create',
        setup: () => Promise.resolve({ method: 'POST', path: '/collections', body: { name: 'ghost', fields: [] } }),
        sql: 'CREATE TABLE "data"."ghost"',
      },
      {
        name: 'rename',
        setup: async () => {
          const name = uniqueName('dry');
          await createCollection(name, [{ name: 'a', type: 'text' }]);
          await insertRows(name, [{ a: 'kept' }]);
          return { method: 'PATCH', path: `/collections/${name}`, body: { name: 'dry_renamed', label: 'Other' } };
        },
        sql: 'RENAME TO "dry_renamed"',
      },
      {
        name: 'delete',
        setup: async () => {
          const name = uniqueName('dry');
          await createCollection(name, [{ name: 'a', type: 'text' }]);
          await insertRows(name, [{ a: 'kept' }]);
          return { method: 'DELETE', path: `/collections/${name}` };
        },
        sql: 'DROP TABLE "data"."dry_',
      },
    ])('$name with ?dry_run=true returns the SQL and changes nothing', async ({ setup, sql }) => {
      const request = await setup();
      const before = await observable();
      const response = await call({ ...request, path: `${request.path}?dry_run=true` }, admin.token);
      expect(response.status).toBe(200);
      expect(response.body.meta.dry_run).toBe(true);
      expect(response.body.meta.version).toBeNull();
      expect(response.body.meta.actions.map((a: { sql: string }) => a.sql).join('\n')).toContain(sql);
      expect(await observable()).toEqual(before);
      expect(await catalog.tableExists('ghost')).toBe(false);
    });
  });

  describe('bad input', () => {
    const LONG = `a${'b'.repeat(63)}`;

    it.each(['Select', '1abc', 'select', '_x', 'expand', LONG])('collection name %j → 400 on name', async (name) => {
      const response = await asAdmin('POST', '/collections', { name, fields: [] });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'name' }));
    });

    it.each([
      'Select',
      '1abc',
      'select',
      '_x',
      'expand',
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'version',
      LONG,
    ])('field name %j → 400 on fields[0].name', async (name) => {
      const response = await asAdmin('POST', '/collections', {
        name: uniqueName('bad'),
        fields: [{ name, type: 'text' }],
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field: 'fields[0].name' }));
    });

    it('reports every problem of a definition in one response, creating nothing', async () => {
      const before = await observable();
      const response = await asAdmin('POST', '/collections', {
        name: 'Select',
        fields: [
          { name: 'select', type: 'text' },
          { name: 'created_at', type: 'text' },
          { name: 'dup', type: 'text' },
          { name: 'dup', type: 'integer' },
          { name: 'what', type: 'nope' },
          { name: 'range', type: 'integer', options: { min: 5, max: 1 } },
          { name: 'empty', type: 'select', options: { values: [] } },
          { name: 'novalues', type: 'select' },
          { name: 'ghost', type: 'relation', options: { kind: 'many_to_one', target: 'ghosts', onDelete: 'cascade' } },
          { name: '_x', type: 'text' },
          { name: '1abc', type: 'text' },
        ],
      });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'name',
          'fields[0].name',
          'fields[1].name',
          'fields[3].name',
          'fields[4].type',
          'fields[5].options.min',
          'fields[6].options.values',
          'fields[7].options.values',
          'fields[8].options.target',
          'fields[9].name',
          'fields[10].name',
        ]),
      );
      for (const error of response.body.errors) {
        expect(error).toEqual({ field: expect.any(String), code: expect.any(String), message: expect.any(String) });
      }
      expect(await observable()).toEqual(before);
    });

    it('reports a name over 63 characters together with the other problems', async () => {
      const response = await asAdmin('POST', '/collections', {
        name: uniqueName('bad'),
        fields: [
          { name: LONG, type: 'text' },
          { name: 'what', type: 'nope' },
        ],
      });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['fields[0].name', 'fields[1].type']));
    });

    it('reports a bad rule together with bad fields', async () => {
      const response = await asAdmin('POST', '/collections', {
        name: uniqueName('bad'),
        rules: { list: 'a = =' },
        fields: [{ name: 'what', type: 'nope' }],
      });
      expect(response.status).toBe(400);
      const fields = response.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(expect.arrayContaining(['rules.list', 'fields[0].type']));
    });

    it('a duplicate collection name → 409, changing nothing', async () => {
      const name = uniqueName('twice');
      await createCollection(name, [{ name: 'a', type: 'text' }]);
      const before = await observable();
      const response = await asAdmin('POST', '/collections', { name, fields: [{ name: 'b', type: 'integer' }] });
      expect(response.status).toBe(409);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('CONFLICT');
      expect(response.body.detail).toContain(name);
      expect(await observable()).toEqual(before);
    });

    it.each<Call>([
      { method: 'GET', path: '/collections/ghosts' },
      { method: 'PATCH', path: '/collections/ghosts', body: { label: 'x' } },
      { method: 'DELETE', path: '/collections/ghosts' },
      { method: 'POST', path: '/collections/ghosts/fields', body: { name: 'a', type: 'text' } },
      { method: 'PATCH', path: '/collections/ghosts/fields/a', body: { name: 'b' } },
      { method: 'DELETE', path: '/collections/ghosts/fields/a' },
      { method: 'PUT', path: '/collections/ghosts/field-order', body: { order: [] } },
    ])('$method $path → 404', async (request) => {
      const response = await call(request, admin.token);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('NOT_FOUND');
    });
  });

  describe('access', () => {
    const GUARDED = 'guarded';
    const document = { format: 1, collections: [] };
    // Every route of the schema engine, each with a well-formed request.
    const routes: { name: string; request: Call }[] = [
      { name: 'list collections', request: { method: 'GET', path: '/collections' } },
      {
        name: 'create collection',
        request: { method: 'POST', path: '/collections', body: { name: 'intruder', fields: [] } },
      },
      { name: 'get collection', request: { method: 'GET', path: `/collections/${GUARDED}` } },
      {
        name: 'update collection',
        request: { method: 'PATCH', path: `/collections/${GUARDED}`, body: { label: 'x' } },
      },
      { name: 'delete collection', request: { method: 'DELETE', path: `/collections/${GUARDED}` } },
      {
        name: 'add field',
        request: { method: 'POST', path: `/collections/${GUARDED}/fields`, body: { name: 'b', type: 'text' } },
      },
      {
        name: 'update field',
        request: { method: 'PATCH', path: `/collections/${GUARDED}/fields/a`, body: { name: 'c' } },
      },
      { name: 'delete field', request: { method: 'DELETE', path: `/collections/${GUARDED}/fields/a` } },
      {
        name: 'reorder fields',
        request: { method: 'PUT', path: `/collections/${GUARDED}/field-order`, body: { order: ['a'] } },
      },
      { name: 'schema snapshot', request: { method: 'GET', path: '/schema/snapshot' } },
      { name: 'schema diff', request: { method: 'POST', path: '/schema/diff', body: document } },
      { name: 'schema apply', request: { method: 'POST', path: '/schema/apply?dry_run=true', body: document } },
    ];

    beforeAll(async () => {
      await createCollection(GUARDED, [{ name: 'a', type: 'text' }]);
    });

    it.each(routes)('$name without credentials → 401', async ({ request }) => {
      const response = await call(request);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each(routes)('$name as a plain user → 403', async ({ request }) => {
      const response = await call(request, plain.token);
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('FORBIDDEN');
    });

    it('none of those calls changed anything', async () => {
      const got = await asAdmin('GET', `/collections/${GUARDED}`);
      expect(got.body.data).toMatchObject({ label: 'Guarded', fields: [expect.objectContaining({ name: 'a' })] });
      expect(await catalog.tableExists('intruder')).toBe(false);
      expect((await catalog.columns(GUARDED)).map((c) => c.name)).toContain('a');
    });
  });
});
