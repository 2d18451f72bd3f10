// Two API processes share one database and Redis: a schema change made through one is seen
// by the other at once (Redis announcement, and a version check when a name is not cached).

import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  httpClient,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin, type TestSession } from './support/identity.js';

describe('schema cache across API instances', () => {
  let env: TestEnvironment;
  const instances: RunningProcess[] = [];
  let first: HttpClient;
  let second: HttpClient;
  let admin: TestSession;

  async function startInstance(): Promise<HttpClient> {
    const port = await freePort();
    const api = runNode('dist/apps/api/src/main.js', [], {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      JWT_SECRET: 'a-shared-secret-for-both-instances-0123456789',
      LOG_LEVEL: 'warn',
    });
    instances.push(api);
    const client = httpClient(`http://127.0.0.1:${port}`);
    await waitFor(
      () =>
        client.get('/health/live').then(
          (r) => r.status,
          () => 0,
        ),
      (status) => status === 200,
      { what: 'an API instance' },
    );
    return client;
  }

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    first = await startInstance();
    second = await startInstance();
    admin = await setupAdmin(first);
  });

  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await env?.dispose();
  });

  it('serves a collection created through one instance from the other at once', async () => {
    // Warm the second instance's cache first, so it holds a snapshot without the collection.
    expect((await second.get('/api/v1/collections', { token: admin.token })).status).toBe(200);
    const created = await first.post(
      '/api/v1/collections',
      { name: 'notes', fields: [{ name: 'body', type: 'text' }] },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
    const seen = await second.get('/api/v1/collections/notes', { token: admin.token });
    expect(seen.status).toBe(200);
    expect(seen.body.data.fields.map((field: { name: string }) => field.name)).toEqual(['body']);
  });

  it('serves every request arriving during a reload the new schema, not the one being replaced', async () => {
    for (let round = 1; round <= 5; round += 1) {
      const name = `during_reload_${round}`;
      const created = await first.post('/api/v1/collections', { name, fields: [] }, { token: admin.token });
      expect(created.status).toBe(201);
      // The first of these starts the reload; the others arrive while it runs.
      const lists = await Promise.all(
        Array.from({ length: 6 }, () => first.get('/api/v1/collections', { token: admin.token })),
      );
      for (const list of lists)
        expect(list.body.data.map((collection: { name: string }) => collection.name)).toContain(name);
    }
  });

  it('sees field changes made through the other instance', async () => {
    await second.get('/api/v1/collections/notes', { token: admin.token });
    const added = await first.post(
      '/api/v1/collections/notes/fields',
      { name: 'pinned', type: 'boolean' },
      { token: admin.token },
    );
    expect(added.status).toBe(201);
    const listed = await waitFor(
      () => second.get('/api/v1/collections/notes', { token: admin.token }),
      (response) => response.body.data.fields.length === 2,
      { what: 'the announcement to reach the second instance', timeoutMs: 1000, intervalMs: 10 },
    );
    expect(listed.body.data.fields.map((field: { name: string }) => field.name)).toEqual(['body', 'pinned']);
  });

  it('reads records whose field changed type through the other instance (its prepared statements are stale)', async () => {
    await first.patch('/api/v1/collections/notes', { rules: { list: '', view: '' } }, { token: admin.token });
    const created = await first.post('/api/v1/collections/notes/records', { body: '42' }, { token: admin.token });
    expect(created.status).toBe(201);
    const id: string = created.body.data.id;
    // Several reads of each shape, so every pooled connection of the second instance may hold them.
    for (let i = 0; i < 12; i++) {
      expect((await second.get(`/api/v1/collections/notes/records/${id}`)).body.data.body).toBe('42');
      expect((await second.get('/api/v1/collections/notes/records?sort=body')).body.data[0].body).toBe('42');
    }

    const changed = await first.patch(
      '/api/v1/collections/notes/fields/body',
      { type: 'integer' },
      { token: admin.token },
    );
    expect(changed.status).toBe(200);
    await waitFor(
      () => second.get('/api/v1/collections/notes', { token: admin.token }),
      (response) => response.body.data.fields[0].type === 'integer',
      { what: 'the announcement to reach the second instance', timeoutMs: 1000, intervalMs: 10 },
    );
    for (let i = 0; i < 12; i++) {
      const one = await second.get(`/api/v1/collections/notes/records/${id}`);
      expect({ status: one.status, body: one.body.data?.body }).toEqual({ status: 200, body: 42 });
      const page = await second.get('/api/v1/collections/notes/records?sort=body');
      expect({ status: page.status, body: page.body.data?.[0]?.body }).toEqual({ status: 200, body: 42 });
    }
  });
});
