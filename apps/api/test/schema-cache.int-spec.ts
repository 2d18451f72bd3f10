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
});
