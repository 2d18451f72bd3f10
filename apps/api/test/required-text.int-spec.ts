// A required text, long text, email or url holds a value: empty or only whitespace is refused
// exactly as a missing value is, on every way in (REST create, update, replace, bulk update,
// imports, GraphQL), and PostgreSQL holds the same rule as a CHECK. Making a field required
// is refused while records hold blank values, naming the rule, as other new constraints are.

import type { INestApplicationContext } from '@nestjs/common';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { setupAdmin, type TestSession } from './support/identity.js';
import {
  createCollection,
  expectProblem,
  OPEN_RULES,
  openDataDb,
  queryString,
  recordsClient,
  type DataDb,
  type RecordsClient,
} from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const REQUIRED = { field: 'title', code: 'required', message: 'Title is required.' };

const capitalized = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

describe('required text', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let notes: RecordsClient;
  let db: DataDb;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        { name: 'body', type: 'long_text', options: { required: true } },
        { name: 'contact', type: 'email', options: { required: true } },
        { name: 'site', type: 'url', options: { required: true } },
        { name: 'remark', type: 'text' },
      ],
    });
    notes = recordsClient(http, 'notes');
    db = await openDataDb(env.databaseUrl);
  });

  afterAll(async () => {
    await db?.close();
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  const valid = { title: 'A title', body: 'Some text', contact: 'a@example.com', site: 'https://example.com' };

  it('refuses an empty or blank value with the 400 a missing one gets, for each type', async () => {
    const { title: _title, ...withoutTitle } = valid;
    const missing = await notes.create(withoutTitle);
    expectProblem(missing, 400, 'VALIDATION_FAILED');
    expect(missing.body.errors).toEqual([REQUIRED]);
    for (const blank of ['', '   ', '\t\n ']) {
      const refused = await notes.create({ ...valid, title: blank });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toEqual(missing.body.errors);
    }
    for (const field of ['body', 'contact', 'site']) {
      const refused = await notes.create({ ...valid, [field]: ' ' });
      expectProblem(refused, 400, 'VALIDATION_FAILED');
      expect(refused.body.errors).toContainEqual({
        field,
        code: 'required',
        message: `${capitalized(field)} is required.`,
      });
    }
    // A null breaks the type in both parts of the schema, and is reported once.
    expect((await notes.create({ ...valid, title: null })).body.errors).toEqual([
      { field: 'title', code: 'type', message: 'Title must be text.' },
    ]);
    // Not required: blank stays a value.
    expect((await notes.create({ ...valid, remark: '  ' })).status).toBe(201);
  });

  it('refuses it on update, replace and bulk update, and changes nothing', async () => {
    const note = await notes.insert(valid);
    expect((await notes.patch(note.id, { title: ' ' })).body.errors).toEqual([REQUIRED]);
    expect((await notes.put(note.id, { ...valid, title: '' })).body.errors).toEqual([REQUIRED]);
    const bulk = await notes.bulkUpdate(`id = "${note.id}"`, { title: '  ' });
    expectProblem(bulk, 400, 'VALIDATION_FAILED');
    expect(bulk.body.errors).toEqual([REQUIRED]);
    expect((await notes.get(note.id)).body.data).toMatchObject({ title: 'A title', version: 1 });
  });

  it('refuses it through GraphQL with the same field error', async () => {
    const answer = await http.post(
      '/api/v1/graphql',
      {
        query: 'mutation ($data: NotesCreateInput!) { create_notes(data: $data) { id } }',
        variables: { data: { ...valid, title: '  ' } },
      },
      { token: admin.token },
    );
    expect(answer.body.errors[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [REQUIRED] });
  });

  it('refuses a blank row in an import as a missing one, by row', async () => {
    const lines = [valid, { ...valid, title: '   ' }, { ...valid, title: 'Third' }].map((row) => JSON.stringify(row));
    const started = await http.request(
      'POST',
      `/api/v1/collections/notes/import${queryString({ mode: 'skip_invalid' })}`,
      {
        raw: `${lines.join('\n')}\n`,
        headers: { 'content-type': 'application/x-ndjson' },
        token: admin.token,
      },
    );
    expect(started.status).toBe(202);
    const done = await waitFor(
      async () => (await http.get(`/api/v1/jobs/${started.body.id}`, { token: admin.token })).body,
      (job) => job.state === 'completed' || job.state === 'failed',
      { what: 'the import' },
    );
    expect(done.result).toMatchObject({
      inserted: 2,
      skipped: 1,
      errors: [{ row: 2, ...{ field: 'title', message: 'Title is required.' } }],
    });
  });

  it('holds in PostgreSQL too: a blank written past the API breaks the CHECK', async () => {
    await expect(
      db.client.query(
        `INSERT INTO "data"."notes" (id, title, body, contact, site) VALUES (gen_random_uuid(), ' ', 'b', 'a@b.c', 'https://x.y')`,
      ),
    ).rejects.toThrow(/notblank_chk/);
  });

  it('refuses to make a field required while records hold blank values, naming the rule', async () => {
    // Records without a remark are the NOT NULL precheck's business: they get one first.
    await db.client.query(`UPDATE "data"."notes" SET remark = 'filled' WHERE remark IS NULL`);
    const blank = await notes.insert({ ...valid, remark: ' ' });
    const field = async () =>
      http.patch('/api/v1/collections/notes/fields/remark', { options: { required: true } }, { token: admin.token });
    const refused = await field();
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT', precheck: 'check_violation', field: 'remark' });
    // The refusal names a record that breaks it.
    expect(JSON.stringify(refused.body)).toContain(blank.id);

    await db.client.query(`UPDATE "data"."notes" SET remark = 'filled' WHERE remark !~ '\\S'`);
    expect((await field()).status).toBe(200);
    expect((await notes.create({ ...valid, remark: ' ' })).body.errors).toEqual([
      { field: 'remark', code: 'required', message: 'Remark is required.' },
    ]);
  });
});
