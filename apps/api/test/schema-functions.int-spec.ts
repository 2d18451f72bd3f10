// Functions in schema as code, through real HTTP: the snapshot lists them as code (no ids,
// versions or secret values); diff shows their actions beside the collections'; apply creates,
// updates (a new version only for a new source or language) and, with allow_destructive,
// deletes them, and twice changes nothing; a function that does not compile or whose triggers
// are invalid applies nothing at all, collections included; a document without `functions`
// leaves them alone.

import { randomUUID } from 'node:crypto';
import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { openCatalog, type Catalog } from './support/catalog.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { expectProblem } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const API = '/api/v1';
const SOURCE = 'export default async (ctx) => ({ hello: ctx.caller?.id ?? null })';
const SECRET_VALUE = 'xoxb-never-in-a-snapshot';

interface FunctionDoc {
  name: string;
  description?: string | null;
  language?: string;
  source: string;
  triggers?: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

interface SchemaDoc {
  format: 1;
  collections: Record<string, unknown>[];
  functions?: FunctionDoc[];
  allow_destructive?: boolean;
}

interface FunctionAction {
  type: string;
  name: string;
  changes: string[];
  new_version: boolean;
  destructive: boolean;
  description: string;
}

const clone = <T>(value: T): T => structuredClone(value);

/** A new collection for a document, with one integer field. */
function collectionDoc(name: string): Record<string, unknown> {
  return {
    id: randomUUID(),
    name,
    label: name,
    description: '',
    system: false,
    rules: { list: null, view: null, create: null, update: null, delete: null },
    cache: null,
    fields: [{ id: randomUUID(), name: 'total', type: 'integer', options: {}, position: 0, system: false }],
  };
}

function functionIn(doc: SchemaDoc, name: string): FunctionDoc {
  const found = doc.functions?.find((fn) => fn.name === name);
  if (!found) throw new Error(`no function ${name} in the document`);
  return found;
}

describe('schema as code: functions', () => {
  let env: TestEnvironment;
  let api: RunningApi | undefined;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let catalog: Catalog;

  /** As the admin unless told otherwise; `null` sends no credentials. */
  const post = (path: string, body: unknown, session: TestSession | null = admin) =>
    http.post(`${API}${path}`, body, { token: session?.token });
  const snapshot = async (): Promise<SchemaDoc> => {
    const response = await http.get(`${API}/schema/snapshot`, { token: admin.token });
    expect(response.status).toBe(200);
    return response.body;
  };
  async function deploy(body: FunctionDoc): Promise<void> {
    const response = await post('/functions', body);
    if (response.status !== 201) throw new Error(`deploy ${body.name}: ${response.status} ${response.text}`);
  }
  async function versions(name: string): Promise<number> {
    const response = await http.get(`${API}/functions/${name}/versions`, { token: admin.token });
    expect(response.status).toBe(200);
    return response.body.data.length;
  }
  const actionsOf = (body: { meta: { functions: FunctionAction[] } }) =>
    body.meta.functions.map((action) => [action.type, action.name]);

  /** Everything a refused, previewed or no-op document must leave as it was. */
  async function observable() {
    return {
      snapshot: (await http.get(`${API}/schema/snapshot`, { token: admin.token })).text,
      functions: (await http.get(`${API}/functions`, { token: admin.token })).text,
      tables: await catalog.tables(),
      version: await catalog.schemaVersion(),
    };
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    catalog = await openCatalog(env.databaseUrl);
    const secret = await http.put(
      `${API}/function-secrets/SLACK_TOKEN`,
      { value: SECRET_VALUE },
      { token: admin.token },
    );
    expect(secret.status).toBeLessThan(300);
    // Deployed out of name order, one of them twice, so neither order nor versions are an accident.
    await deploy({
      name: 'zeta',
      source: SOURCE,
      triggers: { http: { rule: '@request.auth.id != null' } },
      settings: { timeout_ms: 2000, secrets: ['SLACK_TOKEN'], allowed_hosts: ['hooks.slack.com'] },
    });
    await deploy({ name: 'alpha', description: 'The first', language: 'javascript', source: SOURCE });
    const redeployed = await http.patch(`${API}/functions/alpha`, { source: `${SOURCE};\n` }, { token: admin.token });
    expect(redeployed.status).toBe(200);
  });

  afterAll(async () => {
    await catalog?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('snapshot', () => {
    it('lists every function by name as code: no ids, versions, compiled code or secret values', async () => {
      const response = await http.get(`${API}/schema/snapshot`, { token: admin.token });
      const doc: SchemaDoc = response.body;
      expect(doc.functions?.map((fn) => fn.name)).toEqual(['alpha', 'zeta']);
      expect(functionIn(doc, 'alpha')).toEqual({
        name: 'alpha',
        description: 'The first',
        language: 'javascript',
        source: `${SOURCE};\n`,
        triggers: {},
        settings: { timeout_ms: 5000, memory_mb: 64, secrets: [], run_as_admin: false, allowed_hosts: [] },
      });
      expect(functionIn(doc, 'zeta')).toMatchObject({
        triggers: { http: { rule: '@request.auth.id != null' } },
        settings: { timeout_ms: 2000, secrets: ['SLACK_TOKEN'], allowed_hosts: ['hooks.slack.com'] },
      });
      expect(response.text).not.toContain(SECRET_VALUE);
      // The same document every time.
      expect((await http.get(`${API}/schema/snapshot`, { token: admin.token })).text).toBe(response.text);
    });

    it('applied as it is, changes nothing: no action, no new version', async () => {
      const before = await observable();
      const response = await post('/schema/apply', await snapshot());
      expect(response.status).toBe(200);
      expect(response.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
      expect(await observable()).toEqual(before);
      expect(await versions('alpha')).toBe(2);
    });
  });

  describe('diff', () => {
    it('lists the functions to create, update and delete beside the collections’ plan; nothing is applied', async () => {
      const doc = clone(await snapshot());
      doc.collections.push(collectionDoc('diff_orders'));
      functionIn(doc, 'alpha').source = 'export default async () => 2';
      functionIn(doc, 'alpha').description = 'Changed';
      doc.functions = doc.functions!.filter((fn) => fn.name !== 'zeta');
      doc.functions.push({
        name: 'diff_new',
        source: SOURCE,
        triggers: { events: [{ collection: 'diff_orders', on: ['create'], condition: 'total > 5' }] },
      });
      const before = await observable();

      const response = await post('/schema/diff', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta).toMatchObject({ dry_run: true, version: null });
      expect(response.body.meta.actions.map((a: { type: string }) => a.type)).toContain('create_table');
      expect(response.body.meta.functions).toEqual([
        {
          type: 'update',
          name: 'alpha',
          changes: ['description', 'source'],
          new_version: true,
          destructive: false,
          description: 'update function "alpha": description, source (deploys a new version)',
        },
        {
          type: 'create',
          name: 'diff_new',
          changes: ['description', 'language', 'source', 'triggers', 'settings'],
          new_version: true,
          destructive: false,
          description: 'create function "diff_new" and deploy its first version',
        },
        {
          type: 'delete',
          name: 'zeta',
          changes: [],
          new_version: false,
          destructive: true,
          description: 'delete function "zeta" with its versions and invocation log',
        },
      ]);
      expect(await observable()).toEqual(before);
    });

    it('a description, triggers or settings alone deploy no version', async () => {
      const doc = clone(await snapshot());
      functionIn(doc, 'zeta').description = 'Posts to Slack';
      functionIn(doc, 'zeta').triggers = {};
      const response = await post('/schema/diff', doc);
      expect(response.status).toBe(200);
      expect(response.body.meta.functions).toEqual([
        expect.objectContaining({
          type: 'update',
          name: 'zeta',
          changes: ['description', 'triggers'],
          new_version: false,
        }),
      ]);
    });
  });

  describe('apply', () => {
    it('creates, updates and deletes; the same document again changes nothing', async () => {
      await deploy({ name: 'doomed', source: SOURCE });
      const doc = clone(await snapshot());
      doc.collections.push(collectionDoc('orders'));
      doc.functions = doc.functions!.filter((fn) => fn.name !== 'doomed');
      functionIn(doc, 'alpha').source = 'export default async () => "new"';
      functionIn(doc, 'zeta').description = 'Posts to Slack';
      // Its trigger names a collection this same document creates.
      doc.functions.push({
        name: 'on_order',
        description: 'Counts orders',
        source: 'export default async (ctx) => ctx.event?.record?.total ?? 0',
        triggers: { events: [{ collection: 'orders', on: ['update', 'create'], condition: 'total > 5' }] },
        settings: { memory_mb: 32, secrets: ['SLACK_TOKEN'] },
      });
      const [alphaVersions, zetaVersions] = [await versions('alpha'), await versions('zeta')];

      const first = await post('/schema/apply', { ...doc, allow_destructive: true });
      expect(first.status).toBe(200);
      expect(first.body.meta.version).toEqual(expect.any(Number));
      expect(actionsOf(first.body)).toEqual([
        ['update', 'alpha'],
        ['create', 'on_order'],
        ['update', 'zeta'],
        ['delete', 'doomed'],
      ]);
      expect(await catalog.tableExists('orders')).toBe(true);
      expect(await versions('alpha')).toBe(alphaVersions + 1);
      expect(await versions('zeta')).toBe(zetaVersions);
      expect((await http.get(`${API}/functions/doomed`, { token: admin.token })).status).toBe(404);
      const created = await http.get(`${API}/functions/on_order`, { token: admin.token });
      expect(created.body).toMatchObject({
        description: 'Counts orders',
        triggers: { events: [{ collection: 'orders', on: ['create', 'update'], condition: 'total > 5' }] },
        settings: { memory_mb: 32, timeout_ms: 5000, secrets: ['SLACK_TOKEN'] },
        version: { number: 1, language: 'typescript' },
      });

      const after = await snapshot();
      expect(after.functions?.map((fn) => fn.name)).toEqual(['alpha', 'on_order', 'zeta']);
      expect(functionIn(after, 'zeta').description).toBe('Posts to Slack');

      // Again, as written (actions out of order, settings in part): they compare equal as stored.
      const before = await observable();
      const again = await post('/schema/apply', { ...doc, allow_destructive: true });
      expect(again.status).toBe(200);
      expect(again.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
      expect(await observable()).toEqual(before);
      expect(await versions('alpha')).toBe(alphaVersions + 1);
      expect(await versions('on_order')).toBe(1);
    });

    it('deleting a function needs allow_destructive: 409 and nothing changed without it', async () => {
      await deploy({ name: 'keep_me', source: SOURCE });
      const doc = clone(await snapshot());
      doc.functions = doc.functions!.filter((fn) => fn.name !== 'keep_me');
      functionIn(doc, 'zeta').description = 'Not applied either';
      const before = await observable();

      for (const body of [doc, { ...doc, allow_destructive: false }]) {
        const refused = await post('/schema/apply', body);
        expectProblem(refused, 409, 'CONFLICT');
        expect(refused.body.detail).toContain('delete function "keep_me"');
        expect(refused.body.functions).toEqual([expect.objectContaining({ type: 'delete', name: 'keep_me' })]);
        expect(await observable()).toEqual(before);
      }
      // A dry run answers the same; with allow_destructive it previews and applies nothing.
      expectProblem(await post('/schema/apply?dry_run=true', doc), 409, 'CONFLICT');
      const preview = await post('/schema/apply?dry_run=true', { ...doc, allow_destructive: true });
      expect(preview.status).toBe(200);
      expect(preview.body.meta.dry_run).toBe(true);
      expect(actionsOf(preview.body)).toEqual([
        ['update', 'zeta'],
        ['delete', 'keep_me'],
      ]);
      expect(await observable()).toEqual(before);

      const applied = await post('/schema/apply', { ...doc, allow_destructive: true });
      expect(applied.status).toBe(200);
      expect((await http.get(`${API}/functions/keep_me`, { token: admin.token })).status).toBe(404);
    });

    it('a document without `functions` leaves every function alone, even with allow_destructive', async () => {
      await deploy({ name: 'untouched', source: SOURCE });
      const { functions: _, ...doc } = clone(await snapshot());
      doc.collections.push(collectionDoc('legacy_doc'));
      const functionsBefore = (await http.get(`${API}/functions`, { token: admin.token })).text;

      for (const body of [doc, { ...doc, allow_destructive: true }]) {
        const response = await post(body === doc ? '/schema/diff' : '/schema/apply', body);
        expect(response.status).toBe(200);
        expect(response.body.meta.functions).toEqual([]);
      }
      expect(await catalog.tableExists('legacy_doc')).toBe(true);
      expect((await http.get(`${API}/functions`, { token: admin.token })).text).toBe(functionsBefore);
    });

    /** Each edit breaks the document; every path it names is answered, and nothing at all is applied. */
    it.each<{ name: string; edit: (doc: SchemaDoc) => string[] }>([
      {
        name: 'a source that does not compile',
        edit: (doc) => {
          doc.functions!.push({ name: 'broken', source: 'export default async () => {' });
          return [`functions[${doc.functions!.length - 1}].source`];
        },
      },
      {
        name: 'an event trigger on a collection that does not exist',
        edit: (doc) => {
          doc.functions!.push({
            name: 'lost',
            source: SOURCE,
            triggers: { events: [{ collection: 'ghosts', on: ['create'] }] },
          });
          return [`functions[${doc.functions!.length - 1}].triggers.events[0].collection`];
        },
      },
      {
        name: 'a condition on a field the collection lacks, a bad cron, and a setting over the limit',
        edit: (doc) => {
          const index = doc.functions!.findIndex((fn) => fn.name === 'zeta');
          doc.functions![index]!.triggers = {
            events: [{ collection: 'bad_orders', on: ['create'], condition: 'missing > 1' }],
            schedule: { cron: 'every day' },
          };
          doc.functions![index]!.settings = { timeout_ms: 100_000_000 };
          return [
            `functions[${index}].triggers.events[0].condition`,
            `functions[${index}].triggers.schedule.cron`,
            `functions[${index}].settings.timeout_ms`,
          ];
        },
      },
      {
        name: 'two functions of one name, and an invalid name',
        edit: (doc) => {
          doc.functions!.push({ name: 'alpha', source: SOURCE }, { name: 'Not_A_Name', source: SOURCE });
          const last = doc.functions!.length - 1;
          return [`functions[${last - 1}].name`, `functions[${last}].name`];
        },
      },
      {
        name: 'a broken collection and a broken function together',
        edit: (doc) => {
          const orders = doc.collections.findIndex((c) => c.name === 'bad_orders');
          (doc.collections[orders]!.fields as { type: string }[])[0]!.type = 'nope';
          doc.functions!.push({ name: 'broken_too', source: 'export default (' });
          return [`collections[${orders}].fields[0].type`, `functions[${doc.functions!.length - 1}].source`];
        },
      },
    ])('$name → 400 with every path, nothing applied (not the new collection either)', async ({ edit }) => {
      const doc = clone(await snapshot());
      doc.collections.push(collectionDoc('bad_orders'));
      functionIn(doc, 'alpha').source = 'export default async () => "not applied"';
      const paths = edit(doc);
      const before = await observable();

      for (const [path, body] of [
        ['/schema/diff', doc],
        ['/schema/apply', { ...doc, allow_destructive: true }],
      ] as const) {
        const response = await post(path, body);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        const reported = response.body.errors.map((e: { field: string }) => e.field);
        expect(reported).toEqual(expect.arrayContaining(paths));
      }
      expect(await catalog.tableExists('bad_orders')).toBe(false);
      expect(await observable()).toEqual(before);
    });

    it('a compile error names its position, as a deploy does', async () => {
      const doc = clone(await snapshot());
      doc.functions!.push({ name: 'positions', source: 'export default async () => {\n  return 1;\n' });
      const response = await post('/schema/apply', doc);
      expectProblem(response, 400, 'VALIDATION_FAILED', `functions[${doc.functions!.length - 1}].source`);
      expect(response.body.compile_errors).toEqual([
        expect.objectContaining({ file: 'positions.ts', line: expect.any(Number), column: expect.any(Number) }),
      ]);
    });

    it.each<{ name: string; functions: unknown; field: string }>([
      { name: 'functions not a list', functions: { alpha: {} }, field: 'functions' },
      { name: 'a function without source', functions: [{ name: 'x' }], field: 'functions.0.source' },
      {
        name: 'an unknown key',
        functions: [{ name: 'x', source: SOURCE, compiled: 'x' }],
        field: 'functions.0.compiled',
      },
      {
        name: 'an unknown language',
        functions: [{ name: 'x', source: SOURCE, language: 'cobol' }],
        field: 'functions.0.language',
      },
    ])('a malformed document ($name) → 400 naming $field', async ({ functions, field }) => {
      const doc = await snapshot();
      const before = await observable();
      expectProblem(await post('/schema/apply', { ...doc, functions }), 400, 'VALIDATION_FAILED', field);
      expect(await observable()).toEqual(before);
    });
  });

  describe('access', () => {
    it.each<{
      route: string;
      call: (session: TestSession | null) => Promise<{ status: number; body: { code?: string } }>;
    }>([
      {
        route: 'GET /schema/snapshot',
        call: (session) => http.get(`${API}/schema/snapshot`, { token: session?.token }),
      },
      {
        route: 'POST /schema/diff',
        call: (session) => post('/schema/diff', { format: 1, collections: [], functions: [] }, session),
      },
      {
        route: 'POST /schema/apply',
        call: (session) => post('/schema/apply', { format: 1, collections: [], functions: [] }, session),
      },
    ])('$route is for admins: 401 without credentials, 403 for a user', async ({ call }) => {
      const before = await observable();
      const anonymous = await call(null);
      expect(anonymous.status).toBe(401);
      const refused = await call(user);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      expect(await observable()).toEqual(before);
    });
  });
});
