// /api/v1/schema through real HTTP: a snapshot is stable, diff only plans, apply is idempotent
// and refuses to drop data unless told to, and a snapshot applied to an empty database
// reproduces the same schema (metadata and real tables alike).

import { randomUUID } from 'node:crypto';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { openCatalog, type Catalog, type TableShape } from './support/catalog.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';
const API = '/api/v1';

interface FieldDoc {
  id: string;
  name: string;
  type: string;
  options: Record<string, unknown>;
  position: number;
  system: boolean;
}

interface CollectionDoc {
  id: string;
  name: string;
  label: string;
  description: string;
  system: boolean;
  rules: Record<string, string | null>;
  fields: FieldDoc[];
}

interface SchemaDoc {
  format: 1;
  collections: CollectionDoc[];
}

interface FieldBody {
  name: string;
  type: string;
  options?: Record<string, unknown>;
}

const clone = <T>(value: T): T => structuredClone(value);

function collectionIn(doc: SchemaDoc, name: string): CollectionDoc {
  const found = doc.collections.find((c) => c.name === name);
  if (!found) throw new Error(`no collection ${name} in the document`);
  return found;
}

/** The shape two databases built from one document must share: physical column order may differ. */
function comparable(tables: TableShape[]) {
  return tables.map((table) => ({
    ...table,
    columns: table.columns.map(({ attnum: _, ...column }) => column).sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

describe('schema as code', () => {
  let env: TestEnvironment;
  let api: RunningApi | undefined;
  let http: HttpClient;
  let admin: TestSession;
  let catalog: Catalog;
  let second: TestEnvironment | undefined;
  let secondApi: RunningApi | undefined;
  let secondCatalog: Catalog | undefined;

  const post = (path: string, body: unknown, session = admin, client = http) =>
    client.post(`${API}${path}`, body, { token: session.token });
  const snapshot = async (session = admin, client = http): Promise<SchemaDoc> => {
    const response = await client.get(`${API}/schema/snapshot`, { token: session.token });
    expect(response.status).toBe(200);
    return response.body;
  };

  async function createCollection(name: string, fields: FieldBody[]): Promise<void> {
    const response = await post('/collections', { name, fields });
    if (response.status !== 201) throw new Error(`create ${name}: ${response.status} ${response.text}`);
  }

  /** Everything a refused change, a diff or a no-op apply must leave as it was. */
  async function observable() {
    return {
      snapshot: (await http.get(`${API}/schema/snapshot`, { token: admin.token })).text,
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
    catalog = await openCatalog(env.databaseUrl);

    // Created out of name order, with fields moved, so ordering is not an accident of creation.
    await createCollection('zeta', [
      { name: 'title', type: 'text', options: { required: true, unique: true, maxLength: 80 } },
      { name: 'score', type: 'number', options: { precision: 8, scale: 3, min: 0 } },
      { name: 'kind', type: 'select', options: { values: ['x', 'y'], default: 'x' } },
    ]);
    await createCollection('alpha', [
      { name: 'ref', type: 'relation', options: { kind: 'many_to_one', target: 'zeta', onDelete: 'cascade' } },
      { name: 'tags', type: 'multi_select', options: { values: ['a', 'b'], indexed: true } },
      { name: 'note', type: 'long_text' },
    ]);
    await createCollection('mid', [
      { name: 'links', type: 'relation', options: { kind: 'many_to_many', target: 'alpha' } },
      { name: 'payload', type: 'json', options: { indexed: true } },
      { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } },
    ]);
    const moves = [
      http.put(`${API}/collections/zeta/field-order`, { order: ['kind', 'title', 'score'] }, { token: admin.token }),
      post('/collections/alpha/fields', { name: 'later', type: 'date', position: 0 }),
      post('/collections/users/fields', { name: 'nickname', type: 'text', options: { maxLength: 30 } }),
      post('/collections/zeta/fields', {
        name: 'back',
        type: 'relation',
        options: { kind: 'one_to_many', target: 'alpha', via: 'ref' },
      }),
    ];
    for (const response of await Promise.all(moves)) expect(response.status).toBeLessThan(300);
    await catalog.db.query(
      `INSERT INTO data.zeta (id, title, score) VALUES (gen_random_uuid(), 'One', 1.5), (gen_random_uuid(), 'Two', 2)`,
    );
  });

  afterAll(async () => {
    await secondCatalog?.close();
    await secondApi?.close();
    await second?.dispose();
    await catalog?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('snapshot', () => {
    it('orders collections by name and fields by position, the same every time', async () => {
      const first = await http.get(`${API}/schema/snapshot`, { token: admin.token });
      const again = await http.get(`${API}/schema/snapshot`, { token: admin.token });
      expect(again.text).toBe(first.text);

      const doc: SchemaDoc = first.body;
      expect(doc.format).toBe(1);
      expect(doc.collections.map((c) => c.name)).toEqual(['alpha', 'mid', 'users', 'zeta']);
      for (const collection of doc.collections) {
        expect(collection.fields.map((f) => f.position)).toEqual(collection.fields.map((_, i) => i));
      }
      expect(collectionIn(doc, 'zeta').fields.map((f) => f.name)).toEqual(['kind', 'title', 'score', 'back']);
      expect(collectionIn(doc, 'alpha').fields.map((f) => f.name)).toEqual(['later', 'ref', 'tags', 'note']);
      expect(collectionIn(doc, 'users').fields.map((f) => f.name)).toEqual([
        'email',
        'role',
        'verified',
        'disabled',
        'last_login_at',
        'nickname',
      ]);
      expect(Object.keys(collectionIn(doc, 'mid')).sort()).toEqual(
        ['cache', 'description', 'fields', 'id', 'label', 'name', 'rules', 'system'].sort(),
      );
    });
  });

  describe('client types', () => {
    it('are the declaration file of the schema: every collection, its options as types', async () => {
      const response = await http.get(`${API}/schema/client-types`, { token: admin.token });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.text).toMatch(/^\/\/ Generated by `stagecraft gen types`/);
      expect(response.text).toContain('export interface Schema {');
      for (const name of ['alpha', 'mid', 'users', 'zeta']) expect(response.text).toContain(`  ${name}: {`);
      expect(response.text).toContain("readonly kind: 'x' | 'y' | null;"); // a select: its values
      // The same file a second time: the types follow the schema, not the request.
      expect((await http.get(`${API}/schema/client-types`, { token: admin.token })).text).toBe(response.text);
    });

    it('are for admins: 401 without credentials, 403 for a user', async () => {
      const anonymous = await http.get(`${API}/schema/client-types`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('content-type')).toBe(PROBLEM);
      const user = await registerUser(http);
      const refused = await http.get(`${API}/schema/client-types`, { token: user.token });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
    });
  });

  describe('diff', () => {
    it('lists the planned SQL without applying anything', async () => {
      const doc = clone(await snapshot());
      collectionIn(doc, 'zeta').fields.push({
        id: randomUUID(),
        name: 'extra',
        type: 'integer',
        options: { min: 1 },
        position: 4,
        system: false,
      });
      doc.collections.push({
        id: randomUUID(),
        name: 'omega',
        label: 'Omega',
        description: '',
        system: false,
        rules: { list: null, view: null, create: null, update: null, delete: null },
        fields: [{ id: randomUUID(), name: 'a', type: 'text', options: {}, position: 0, system: false }],
      });
      const before = await observable();

      const response = await post('/schema/diff', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta).toMatchObject({ dry_run: true, version: null });
      const sql = response.body.meta.actions.map((a: { sql: string }) => a.sql);
      expect(sql).toContain('ALTER TABLE "data"."zeta" ADD COLUMN "extra" integer');
      expect(sql.some((s: string) => s.startsWith('CREATE TABLE "data"."omega"'))).toBe(true);
      expect(sql.some((s: string) => s.includes('CHECK ("extra" >= 1)'))).toBe(true);
      expect(response.body.meta.actions.every((a: { destructive: boolean }) => !a.destructive)).toBe(true);

      expect(await observable()).toEqual(before);
      expect(await catalog.tableExists('omega')).toBe(false);
    });

    it('flags the actions that drop data', async () => {
      const doc = clone(await snapshot());
      doc.collections = doc.collections.filter((c) => c.name !== 'mid');
      const before = await observable();
      const response = await post('/schema/diff', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta.actions).toContainEqual(
        expect.objectContaining({ type: 'drop_table', destructive: true, sql: 'DROP TABLE "data"."mid"' }),
      );
      expect(await observable()).toEqual(before);
    });
  });

  describe('apply', () => {
    it('applying the current snapshot changes nothing: no actions, no version bump', async () => {
      const doc = await snapshot();
      const before = await observable();
      const response = await post('/schema/apply', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
      expect(await observable()).toEqual(before);
    });

    it('applies a change once; the same document again changes nothing', async () => {
      const doc = clone(await snapshot());
      const zeta = collectionIn(doc, 'zeta');
      zeta.label = 'Zeta things';
      zeta.fields.push({
        id: randomUUID(),
        name: 'rank',
        type: 'integer',
        options: { default: 3, required: true },
        position: 4,
        system: false,
      });
      const version = await catalog.schemaVersion();

      const first = await post('/schema/apply', doc);
      expect(first.status).toBe(200);
      expect(first.body.meta.version).toBe(version + 1);
      expect(first.body.meta.actions).toContainEqual(
        expect.objectContaining({ sql: 'ALTER TABLE "data"."zeta" ADD COLUMN "rank" integer NOT NULL DEFAULT 3' }),
      );
      expect(await catalog.column('zeta', 'rank')).toMatchObject({ type: 'integer', notNull: true });
      expect(await snapshot()).toEqual(doc);

      const before = await observable();
      const again = await post('/schema/apply', doc);
      expect(again.status).toBe(200);
      expect(again.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
      expect(await observable()).toEqual(before);
    });

    it('renames by field id (data kept, no allow_destructive), even two names swapped at once', async () => {
      const { rows } = await catalog.db.query<{ id: string }>(
        `INSERT INTO data.alpha (id, note, later) VALUES (gen_random_uuid(), 'hello', '2024-01-02') RETURNING id`,
      );
      const before = await catalog.columns('alpha');
      const doc = clone(await snapshot());
      const alpha = collectionIn(doc, 'alpha');
      const note = alpha.fields.find((f) => f.name === 'note')!;
      const later = alpha.fields.find((f) => f.name === 'later')!;
      note.name = 'later';
      later.name = 'note';

      const response = await post('/schema/apply', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta.actions.every((a: { destructive: boolean }) => !a.destructive)).toBe(true);
      expect(response.body.meta.actions.map((a: { type: string }) => a.type)).not.toContain('drop_column');
      const after = await catalog.columns('alpha');
      const attnum = (columns: typeof before, name: string) => columns.find((c) => c.name === name)?.attnum;
      expect(attnum(after, 'later')).toBe(attnum(before, 'note'));
      expect(attnum(after, 'note')).toBe(attnum(before, 'later'));
      const row = await catalog.db.query('SELECT note::text AS note, later FROM data.alpha WHERE id = $1', [
        rows[0]!.id,
      ]);
      expect(row.rows[0]).toEqual({ note: '2024-01-02', later: 'hello' });
      expect(await snapshot()).toEqual(doc);
    });

    it.each<{ name: string; edit: (doc: SchemaDoc) => void; gone: () => Promise<boolean> }>([
      {
        name: 'a field',
        edit: (doc) => {
          const zeta = collectionIn(doc, 'zeta');
          zeta.fields = zeta.fields.filter((f) => f.name !== 'score');
          zeta.fields.forEach((f, i) => (f.position = i));
        },
        gone: async () => (await catalog.column('zeta', 'score')) === undefined,
      },
      {
        name: 'a collection',
        edit: (doc) => {
          doc.collections = doc.collections.filter((c) => c.name !== 'mid');
        },
        gone: async () => !(await catalog.tableExists('mid')),
      },
    ])('dropping $name needs allow_destructive: 409 and nothing changed without it', async ({ edit, gone }) => {
      const doc = clone(await snapshot());
      edit(doc);
      const before = await observable();

      for (const body of [doc, { ...doc, allow_destructive: false }]) {
        const refused = await post('/schema/apply', body);
        expect(refused.status).toBe(409);
        expect(refused.headers.get('content-type')).toBe(PROBLEM);
        expect(refused.body.code).toBe('CONFLICT');
        expect(await observable()).toEqual(before);
      }

      const dryRun = await post('/schema/apply?dry_run=true', { ...doc, allow_destructive: true });
      expect(dryRun.status).toBe(200);
      expect(dryRun.body.meta).toMatchObject({ dry_run: true, version: null });
      expect(await observable()).toEqual(before);

      const applied = await post('/schema/apply', { ...doc, allow_destructive: true });
      expect(applied.status).toBe(200);
      expect(applied.body.meta.actions.some((a: { destructive: boolean }) => a.destructive)).toBe(true);
      expect(await gone()).toBe(true);
      expect(await snapshot()).toEqual(doc);
    });

    /** Each edit breaks the document and answers the paths (relative to the collection) it broke. */
    it.each<{ name: string; collection: string; edit: (collection: CollectionDoc) => string[] }>([
      {
        name: 'an unknown field type and a bad field name',
        collection: 'zeta',
        edit: (zeta) => {
          zeta.fields[0]!.type = 'nope';
          zeta.fields[1]!.name = 'Title';
          return ['fields[0].type', 'fields[1].name'];
        },
      },
      {
        name: 'a duplicate field name and a relation to a missing collection',
        collection: 'alpha',
        edit: (alpha) => {
          const ref = alpha.fields.findIndex((f) => f.name === 'ref');
          alpha.fields[ref]!.options = { ...alpha.fields[ref]!.options, target: 'ghosts' };
          const last = alpha.fields.length - 1;
          alpha.fields[last]!.name = alpha.fields[0]!.name;
          return [`fields[${ref}].options.target`, `fields[${last}].name`];
        },
      },
      {
        name: 'a reserved collection name and minLength > maxLength',
        collection: 'zeta',
        edit: (zeta) => {
          zeta.name = 'select';
          const title = zeta.fields.findIndex((f) => f.name === 'title');
          zeta.fields[title]!.options = { minLength: 9, maxLength: 2 };
          return ['name', `fields[${title}].options.minLength`];
        },
      },
    ])('an invalid document ($name) → 400 with every path, nothing changed', async ({ collection, edit }) => {
      const doc = clone(await snapshot());
      const index = doc.collections.findIndex((c) => c.name === collection);
      const paths = edit(doc.collections[index]!);
      const before = await observable();
      const response = await post('/schema/apply', { ...doc, allow_destructive: true });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const reported = response.body.errors.map((e: { field: string }) => e.field);
      expect(reported).toEqual(expect.arrayContaining(paths.map((path) => `collections[${index}].${path}`)));
      expect(await observable()).toEqual(before);
    });

    it.each<{ name: string; body: () => Promise<unknown>; field: string }>([
      { name: 'an unknown format', body: async () => ({ ...(await snapshot()), format: 2 }), field: 'format' },
      {
        name: 'collections not a list',
        body: () => Promise.resolve({ format: 1, collections: {} }),
        field: 'collections',
      },
      {
        name: 'users left out',
        body: async () => {
          const doc = clone(await snapshot());
          doc.collections = doc.collections.filter((c) => c.name !== 'users');
          return { ...doc, allow_destructive: true };
        },
        field: 'collections',
      },
    ])('$name → 400 at $field, nothing changed', async ({ body, field }) => {
      const before = await observable();
      const response = await post('/schema/apply', await body());
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
      expect(await observable()).toEqual(before);
    });
  });

  describe('on a second, empty database', () => {
    it('the snapshot applied there gives the same snapshot and the same tables; twice changes nothing', async () => {
      const doc = await snapshot();
      const tables = comparable(await catalog.dataSchema());
      // Passport strategies are process-wide: one app at a time.
      await api?.close();
      api = undefined;

      second = await createTestEnvironment();
      secondApi = await startApi(second.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
      const secondHttp = httpClient(secondApi.url);
      const secondAdmin = await setupAdmin(secondHttp);
      secondCatalog = await openCatalog(second.databaseUrl);

      const applied = await post('/schema/apply', doc, secondAdmin, secondHttp);
      expect(applied.status).toBe(200);
      expect(applied.body.meta.actions.length).toBeGreaterThan(0);
      expect(await snapshot(secondAdmin, secondHttp)).toEqual(doc);
      expect(comparable(await secondCatalog.dataSchema())).toEqual(tables);

      const version = await secondCatalog.schemaVersion();
      const again = await post('/schema/apply', doc, secondAdmin, secondHttp);
      expect(again.status).toBe(200);
      expect(again.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
      expect(await secondCatalog.schemaVersion()).toBe(version);
    });
  });
});
