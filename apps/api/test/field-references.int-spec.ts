// Renames carry every reference along, through real HTTP: access rules of the collection and
// relation paths in other collections' rules are rewritten in the rename's transaction (readers
// never lose access), webhook conditions follow and the webhook still fires, a drop that a rule
// or condition still uses is a 409 naming each one with nothing changed, and comparisons that
// can never match (a relation to "authors" against @request.auth.id) are refused with a fix.

import type { INestApplicationContext } from '@nestjs/common';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, expectProblem, recordsClient, type RecordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const COLLECTIONS = '/api/v1/collections';
const WEBHOOKS = '/api/v1/webhooks';

describe('references follow renames', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let alice: TestSession;
  let bob: TestSession;
  let receiver: WebhookReceiver;
  let db: pg.Client;

  const collection = async (name: string) =>
    (await http.get(`${COLLECTIONS}/${name}`, { token: admin.token })).body.data;
  const fieldNames = async (name: string): Promise<string[]> =>
    (await collection(name)).fields.map((field: { name: string }) => field.name);
  const schemaVersion = async (): Promise<number> =>
    Number((await db.query('SELECT version FROM stagecraft.schema_state')).rows[0].version);
  const renameField = (name: string, field: string, to: string, query = '') =>
    http.patch(`${COLLECTIONS}/${name}/fields/${field}${query}`, { name: to }, { token: admin.token });

  async function webhook(body: Record<string, unknown>): Promise<{ id: string; url: string }> {
    const url = `${receiver.url}/${randomUUID()}`;
    const response = await http.post(WEBHOOKS, { name: 'hook', url, ...body }, { token: admin.token });
    if (response.status !== 201) throw new Error(`create webhook: ${response.status} ${response.text}`);
    return { id: response.body.id, url };
  }

  /** An `authors` collection (owner → users) and a `posts` collection (author → authors) with rules on both. */
  async function blog(suffix: string): Promise<{ posts: string; authors: string; records: RecordsClient }> {
    const authors = `authors_${suffix}`;
    const posts = `posts_${suffix}`;
    await createCollection(http, admin, {
      name: authors,
      rules: { list: '', view: '', create: null, update: null, delete: null },
      fields: [
        { name: 'name', type: 'text' },
        { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'set_null' } },
      ],
    });
    const rule = 'published = true || author.owner = @request.auth.id';
    await createCollection(http, admin, {
      name: posts,
      rules: { list: rule, view: rule, create: '@request.body.published = false', update: null, delete: null },
      fields: [
        { name: 'title', type: 'text' },
        { name: 'published', type: 'boolean' },
        { name: 'author', type: 'relation', options: { kind: 'many_to_one', target: authors, onDelete: 'set_null' } },
      ],
    });
    const writer = await recordsClient(http, authors).insert({ name: 'Alice', owner: alice.user.id }, admin.token);
    const records = recordsClient(http, posts);
    await records.insert({ title: 'public', published: true, author: writer.id }, admin.token);
    await records.insert({ title: 'draft', published: false, author: writer.id }, admin.token);
    await records.insert({ title: 'other draft', published: false }, admin.token);
    return { posts, authors, records };
  }

  const titles = async (records: RecordsClient, session: TestSession): Promise<string[]> => {
    const response = await records.list({ sort: 'title' }, session.token);
    if (response.status !== 200) throw new Error(`list: ${response.status} ${response.text}`);
    return response.body.data.map((record: { title: string }) => record.title);
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', WEBHOOK_TIMEOUT_MS: '2000' });
    receiver = await startWebhookReceiver();
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    alice = await registerUser(http);
    bob = await registerUser(http);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await receiver?.close();
    await db?.end();
    await env?.dispose();
  });

  beforeEach(() => receiver.respondWith({ status: 200 }));

  /** Backends of this database waiting for a lock, to know a request has reached the table. */
  const lockWaiters = async (): Promise<number> =>
    Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        )
      ).rows[0].n,
    );

  it("rewrites the collection's own rules in the rename, so readers keep their access throughout", async () => {
    const { posts, records } = await blog('own');
    expect(await titles(records, alice)).toEqual(['draft', 'public']);
    expect(await titles(records, bob)).toEqual(['public']);

    // A reader whose request starts while the rename runs: it holds the old schema, and its
    // query reaches the table only after the rename committed. A transaction of our own holds
    // the table so both are seen waiting first; the reader must still get its rows, not a 500.
    const holder = new pg.Client({ connectionString: env.databaseUrl });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "data"."${posts}" LIMIT 1`);
      const renaming = renameField(posts, 'published', 'is_public');
      await waitFor(lockWaiters, (n) => n >= 1, { what: 'the rename waiting for the table' });
      const reading = records.list({ sort: 'title' }, alice.token);
      await waitFor(lockWaiters, (n) => n >= 2, { what: 'the read queued behind the rename' });
      await holder.query('COMMIT');
      const [renamed, read] = await Promise.all([renaming, reading]);
      expect(renamed.status).toBe(200);
      expect(read.status).toBe(200);
      expect(read.body.data.map((record: { title: string }) => record.title)).toEqual(['draft', 'public']);
      expect(renamed.body.meta.rewritten).toEqual([
        {
          kind: 'rule',
          label: `list rule of "${posts}"`,
          from: 'published = true || author.owner = @request.auth.id',
          to: 'is_public = true || author.owner = @request.auth.id',
        },
        expect.objectContaining({ kind: 'rule', label: `view rule of "${posts}"` }),
        {
          kind: 'rule',
          label: `create rule of "${posts}"`,
          from: '@request.body.published = false',
          to: '@request.body.is_public = false',
        },
      ]);
    } finally {
      await holder.end();
    }

    expect((await collection(posts)).rules).toEqual({
      list: 'is_public = true || author.owner = @request.auth.id',
      view: 'is_public = true || author.owner = @request.auth.id',
      create: '@request.body.is_public = false',
      update: null,
      delete: null,
    });
    expect(await titles(records, alice)).toEqual(['draft', 'public']);
    expect(await titles(records, bob)).toEqual(['public']);
    expect((await records.create({ title: 'new', is_public: false }, bob.token)).status).toBe(201);
    expect((await records.create({ title: 'new', is_public: true }, bob.token)).status).toBe(403);
  });

  it('previews the rewrite with dry_run and changes nothing', async () => {
    const { posts } = await blog('preview');
    const version = await schemaVersion();
    const preview = await renameField(posts, 'title', 'headline', '?dry_run=true');
    expect(preview.status).toBe(200);
    expect(preview.body.meta).toMatchObject({ dry_run: true, version: null, rewritten: [] });
    const drop = await renameField(posts, 'published', 'live', '?dry_run=true');
    expect(drop.body.meta.rewritten).toHaveLength(3);
    expect(await fieldNames(posts)).toEqual(['title', 'published', 'author']);
    expect((await collection(posts)).rules.list).toBe('published = true || author.owner = @request.auth.id');
    expect(await schemaVersion()).toBe(version);
  });

  it("rewrites relation paths in other collections' rules, the relation itself included", async () => {
    const { posts, authors, records } = await blog('paths');
    const renamedOwner = await renameField(authors, 'owner', 'account');
    expect(renamedOwner.status).toBe(200);
    expect(renamedOwner.body.meta.rewritten.map((item: { label: string }) => item.label)).toEqual([
      `list rule of "${posts}"`,
      `view rule of "${posts}"`,
    ]);
    expect((await collection(posts)).rules.list).toBe('published = true || author.account = @request.auth.id');

    const renamedRelation = await renameField(posts, 'author', 'writer');
    expect(renamedRelation.status).toBe(200);
    expect((await collection(posts)).rules.view).toBe('published = true || writer.account = @request.auth.id');
    expect(await titles(records, alice)).toEqual(['draft', 'public']);
    expect(await titles(records, bob)).toEqual(['public']);
  });

  it('rewrites a webhook condition, which keeps firing on the new name', async () => {
    const { posts, records } = await blog('hooks');
    const hook = await webhook({
      collections: [posts],
      actions: ['create'],
      condition: 'published = true && title != "skip"',
    });
    const renamed = await renameField(posts, 'published', 'is_public');
    expect(renamed.status).toBe(200);
    expect(renamed.body.meta.rewritten).toEqual(
      expect.arrayContaining([
        {
          kind: 'webhook_condition',
          label: `condition of webhook "hook" (${hook.id})`,
          from: 'published = true && title != "skip"',
          to: 'is_public = true && title != "skip"',
        },
      ]),
    );
    const stored = await http.get(`${WEBHOOKS}/${hook.id}`, { token: admin.token });
    expect(stored.body.condition).toBe('is_public = true && title != "skip"');

    await records.insert({ title: 'quiet', is_public: false }, admin.token);
    const loud = await records.insert({ title: 'loud', is_public: true }, admin.token);
    const received = await waitFor(
      () => Promise.resolve(receiver.requests.filter((request) => hook.url.endsWith(request.path))),
      (requests) => requests.length >= 1,
      { what: 'the delivery of the matching record' },
    );
    expect(received.map((request) => request.json.data.record_id)).toEqual([loud.id]);
  });

  it('follows a renamed collection in the webhook collection list', async () => {
    const { posts } = await blog('listed');
    const hook = await webhook({ collections: [posts, 'users'] });
    const renamed = await http.patch(`${COLLECTIONS}/${posts}`, { name: `${posts}_v2` }, { token: admin.token });
    expect(renamed.status).toBe(200);
    const stored = await http.get(`${WEBHOOKS}/${hook.id}`, { token: admin.token });
    expect(stored.body.collections).toEqual([`${posts}_v2`, 'users']);
  });

  it('refuses a drop that rules and a webhook condition still use: 409 naming each, nothing changed', async () => {
    const { posts, records } = await blog('drop');
    const hook = await webhook({ collections: [posts], condition: 'published = true' });
    const version = await schemaVersion();
    for (const query of ['', '?dry_run=true']) {
      const response = await http.delete(`${COLLECTIONS}/${posts}/fields/published${query}`, { token: admin.token });
      expectProblem(response, 409, 'CONFLICT');
      expect(response.body.errors).toEqual([
        {
          field: 'rules.list',
          code: 'field_in_use',
          message: `The list rule of "${posts}" uses "${posts}.published", which this change drops.`,
        },
        expect.objectContaining({ field: 'rules.view', code: 'field_in_use' }),
        expect.objectContaining({ field: 'rules.create', code: 'field_in_use' }),
        {
          field: `webhooks[${hook.id}].condition`,
          code: 'field_in_use',
          message: `The condition of webhook "hook" (${hook.id}) uses "${posts}.published", which this change drops.`,
        },
      ]);
      expect(response.body.references).toEqual([
        expect.objectContaining({ kind: 'rule', collection: posts, action: 'list', fields: [`${posts}.published`] }),
        expect.objectContaining({ kind: 'rule', action: 'view' }),
        expect.objectContaining({ kind: 'rule', action: 'create', expression: '@request.body.published = false' }),
        {
          kind: 'webhook_condition',
          webhook: { id: hook.id, name: 'hook' },
          expression: 'published = true',
          fields: [`${posts}.published`],
        },
      ]);
      expect(response.body.detail).toContain('not part of the schema');
      expect(response.body.detail).toContain('PATCH /api/v1/webhooks/{id}');
    }
    expect(await fieldNames(posts)).toEqual(['title', 'published', 'author']);
    expect(await schemaVersion()).toBe(version);
    expect(await titles(records, bob)).toEqual(['public']);

    // Rules and webhook changed first: then the drop goes through.
    const rules = { list: '', view: '', create: '' };
    expect((await http.patch(`${COLLECTIONS}/${posts}`, { rules }, { token: admin.token })).status).toBe(200);
    const stillHooked = await http.delete(`${COLLECTIONS}/${posts}/fields/published`, { token: admin.token });
    expectProblem(stillHooked, 409, 'CONFLICT', `webhooks[${hook.id}].condition`);
    expect(stillHooked.body.errors).toHaveLength(1);
    expect((await http.patch(`${WEBHOOKS}/${hook.id}`, { condition: null }, { token: admin.token })).status).toBe(200);
    expect((await http.delete(`${COLLECTIONS}/${posts}/fields/published`, { token: admin.token })).status).toBe(200);
  });

  it('refuses dropping a relation that a path in another collection uses, and so deleting its target', async () => {
    const { posts, authors } = await blog('relations');
    const dropped = await http.delete(`${COLLECTIONS}/${posts}/fields/author`, { token: admin.token });
    expectProblem(dropped, 409, 'CONFLICT', 'rules.list');
    expect(dropped.body.references.map((item: { fields: string[] }) => item.fields)).toEqual([
      [`${posts}.author`],
      [`${posts}.author`],
    ]);
    const ownerDropped = await http.delete(`${COLLECTIONS}/${authors}/fields/owner`, { token: admin.token });
    expectProblem(ownerDropped, 409, 'CONFLICT', `collections[${posts}].rules.list`);
    expect(ownerDropped.body.errors[0].message).toBe(
      `The list rule of "${posts}" uses "${authors}.owner", which this change drops.`,
    );
    // The target collection cannot go while the relation is there.
    expectProblem(await http.delete(`${COLLECTIONS}/${authors}`, { token: admin.token }), 409, 'CONFLICT');
  });

  it('drops a field when the same change rewrites the rules that used it', async () => {
    const { posts } = await blog('replace');
    const current = await collection(posts);
    const keep = current.fields.filter((field: { name: string }) => field.name !== 'published');
    const replaced = await http.put(
      `${COLLECTIONS}/${posts}`,
      {
        fields: keep.map(({ id, name, type, options }: Record<string, unknown>) => ({ id, name, type, options })),
        rules: { list: 'author.owner = @request.auth.id', view: 'author.owner = @request.auth.id', create: '' },
        allow_destructive: true,
      },
      { token: admin.token },
    );
    expect(replaced.status).toBe(200);
    expect(await fieldNames(posts)).toEqual(['title', 'author']);

    // A schema document states every rule: one that drops a field and its use applies at once.
    const snapshot = (await http.get('/api/v1/schema/snapshot', { token: admin.token })).body;
    const document = structuredClone(snapshot);
    const target = document.collections.find((item: { name: string }) => item.name === posts);
    target.fields = target.fields.filter((field: { name: string }) => field.name !== 'title');
    target.rules.list = '@request.auth.id != null';
    const applied = await http.post(
      '/api/v1/schema/apply',
      { ...document, allow_destructive: true },
      { token: admin.token },
    );
    expect(applied.status).toBe(200);
    expect(await fieldNames(posts)).toEqual(['author']);
  });

  it('applies a schema document as written: a rule it still writes with an old name is a 400 saying so', async () => {
    const { posts } = await blog('document');
    const snapshot = (await http.get('/api/v1/schema/snapshot', { token: admin.token })).body;
    const document = structuredClone(snapshot);
    const target = document.collections.find((item: { name: string }) => item.name === posts);
    target.fields = target.fields.map((field: { name: string }) =>
      field.name === 'published' ? { ...field, name: 'is_public' } : field,
    );
    const stale = await http.post('/api/v1/schema/apply', document, { token: admin.token });
    expectProblem(stale, 400, 'VALIDATION_FAILED');
    expect(stale.body.errors[0].field).toMatch(/^collections\[\d+\]\.rules\.list$/);
    expect(stale.body.errors[0].message).toContain(
      `This change renames "${posts}.published" to "is_public": write the rule with the names after the change.`,
    );
    for (const action of ['list', 'view']) target.rules[action] = 'is_public = true || author.owner = @request.auth.id';
    target.rules.create = '@request.body.is_public = false';
    const applied = await http.post('/api/v1/schema/apply', document, { token: admin.token });
    expect(applied.status).toBe(200);
    expect(applied.body.meta.rewritten).toEqual([]);
    const again = await http.post('/api/v1/schema/apply', document, { token: admin.token });
    expect(again.body.meta).toEqual({ dry_run: false, version: null, actions: [], rewritten: [], functions: [] });
  });

  it('refuses a rename that a condition over several collections cannot follow in all of them', async () => {
    const a = await blog('multi_a');
    const b = await blog('multi_b');
    const hook = await webhook({ collections: [a.posts, b.posts], condition: 'published = true' });
    const response = await renameField(a.posts, 'published', 'is_public');
    expectProblem(response, 409, 'CONFLICT', `webhooks[${hook.id}].condition`);
    const problem = response.body.errors.find((item: { field: string }) => item.field.startsWith('webhooks'));
    expect(problem).toEqual({
      field: `webhooks[${hook.id}].condition`,
      code: 'ambiguous_rename',
      message: `The condition of webhook "hook" (${hook.id}) applies to "${a.posts}" and "${b.posts}", and this change renames "${a.posts}.published" in only some of them, so no one expression fits them all.`,
    });
    expect(await fieldNames(a.posts)).toContain('published');
  });

  describe('comparisons that can never match', () => {
    it.each([
      [
        'a rule',
        (posts: string) =>
          http.patch(
            `${COLLECTIONS}/${posts}`,
            { rules: { list: 'author = @request.auth.id' } },
            { token: admin.token },
          ),
        'rules.list',
      ],
      [
        'a webhook condition',
        (posts: string) =>
          http.post(
            WEBHOOKS,
            { name: 'x', url: receiver.url, collections: [posts], condition: 'author = @request.auth.id' },
            { token: admin.token },
          ),
        'condition',
      ],
      [
        'a filter',
        (posts: string) => recordsClient(http, posts).list({ filter: 'author = @request.auth.id' }, alice.token),
        'filter',
      ],
    ])('are refused in %s, with the relation that would work', async (_what, send, field) => {
      const suffix = randomUUID().slice(0, 8);
      const { posts, authors } = await blog(`never_${suffix}`);
      const response = await send(posts);
      expectProblem(response, 400, 'VALIDATION_FAILED', field);
      expect(JSON.stringify(response.body.errors)).toContain(
        `\\"author\\" points at \\"${authors}\\", not at \\"users\\", so it never equals @request.auth.id; did you mean author.owner = @request.auth.id or author.created_by = @request.auth.id?`,
      );
    });

    it('still compiles a rule saved before the check, and lets other changes through', async () => {
      const { posts, records } = await blog('legacy');
      await db.query(
        `UPDATE stagecraft.collections SET rules = jsonb_set(rules, '{list}', '"author = @request.auth.id"') WHERE name = $1`,
        [posts],
      );
      await db.query('UPDATE stagecraft.schema_state SET version = version + 1');
      const added = await http.post(
        `${COLLECTIONS}/${posts}/fields`,
        { name: 'extra', type: 'text' },
        { token: admin.token },
      );
      expect(added.status).toBe(201);
      const list = await records.list({}, alice.token);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
    });
  });
});
