// Scale-out, proven together: two built API processes and two workers on one PostgreSQL and
// one Redis, behind HAProxy on loopback (support/cluster.ts). Through the balancer, traffic
// reaches both instances; a schema change made through one is served by every instance at
// once; rate limits and session revocations hold across instances; an SSE connection is
// managed through whichever instance a call reaches; files stored through the balancer (a form,
// a resumable upload in chunks) are served by every instance; each event reaches a webhook once
// although two workers deliver; and a rolling restart of every API instance
// under steady load answers every request (no error but 429).

import { randomUUID } from 'node:crypto';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startCluster, type Cluster } from './support/cluster.js';
import { createClient } from '@stagecraft/client';
import { download, filePath, sendForm } from './support/files.js';
import { openSse } from './support/realtime.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import { registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES } from './support/records.js';

const AUTH_LIMIT = 6;

describe('a cluster of two APIs and two workers behind a load balancer', () => {
  let env: TestEnvironment;
  let cluster: Cluster;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    env = await createTestEnvironment();
    receiver = await startWebhookReceiver();
    cluster = await startCluster(env, {
      settings: {
        RATE_LIMIT_AUTH_PER_IP: '1000',
        RATE_LIMIT_AUTH_PER_ACCOUNT: String(AUTH_LIMIT),
        // Readiness fails this long before an instance stops taking requests: the balancer,
        // checking every 200 ms, has moved on by then.
        SHUTDOWN_READINESS_DELAY_MS: '1000',
        WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
        OUTBOX_POLL_INTERVAL_MS: '100',
      },
    });
    http = httpClient(cluster.url);
    admin = await setupAdmin(http);
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    await receiver?.close();
    await env?.dispose();
  });

  /** How many requests each instance has answered, from its own /metrics. */
  async function requestsServed(): Promise<number[]> {
    return Promise.all(
      cluster.apis.map(async (api) => {
        const metrics = await fetch(`${api.url}/metrics`).then((response) => response.text());
        return metrics
          .split('\n')
          .filter((line) => line.startsWith('http_request_duration_seconds_count{'))
          .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
      }),
    );
  }

  it('spreads requests over both instances', async () => {
    const before = await requestsServed();
    for (let i = 0; i < 10; i += 1) expect((await http.get('/api/v1')).status).toBe(200);
    const after = await requestsServed();
    const served = after.map((count, index) => count - (before[index] ?? 0));
    // /metrics of each instance counts itself once or twice too; each took part of the ten.
    for (const count of served) expect(count).toBeGreaterThanOrEqual(4);
  });

  it('serves a collection created through the balancer from every instance at once', async () => {
    await createCollection(http, admin, {
      name: 'parcels',
      rules: OPEN_RULES,
      fields: [{ name: 'label', type: 'text' }],
    });
    for (const api of cluster.apis) {
      const direct = httpClient(api.url);
      const created = await direct.post('/api/v1/collections/parcels/records', { label: api.name });
      expect(created.status).toBe(201);
      expect((await direct.get('/api/v1/collections/parcels/records')).status).toBe(200);
    }
  });

  it('counts the sign-in rate limit across instances', async () => {
    const { email } = (await registerUser(http, uniqueEmail('limited'))).user;
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= AUTH_LIMIT; attempt += 1) {
      const api = cluster.apis[attempt % cluster.apis.length];
      const response = await httpClient(api?.url ?? '').post('/api/v1/auth/login', {
        email,
        password: 'wrong password',
      });
      statuses.push(response.status);
    }
    // Each instance alone saw at most half the attempts: only a shared count refuses the last.
    expect(statuses.slice(0, AUTH_LIMIT).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('refuses a signed-out session on every instance', async () => {
    const user = await registerUser(http);
    for (const api of cluster.apis) {
      expect((await httpClient(api.url).get('/api/v1/auth/me', { token: user.token })).status).toBe(200);
    }
    expect(
      (await httpClient(cluster.apis[0]?.url ?? '').post('/api/v1/auth/logout', {}, { token: user.token })).status,
    ).toBe(204);
    for (const api of cluster.apis) {
      expect((await httpClient(api.url).get('/api/v1/auth/me', { token: user.token })).status).toBe(401);
    }
  });

  it('manages an SSE connection’s subscriptions through the balancer, whichever instance holds it', async () => {
    await createCollection(http, admin, {
      name: 'satchels',
      rules: OPEN_RULES,
      fields: [{ name: 'label', type: 'text' }],
    });
    const user = await registerUser(http);
    const stream = openSse(cluster.url, { token: user.token });
    try {
      const [connected] = await stream.next('connect');
      const clientId = connected?.data.clientId as string;
      // Each call may reach either instance; only one holds the connection.
      for (let call = 0; call < 4; call += 1) {
        const added = await http.post(
          `/api/v1/realtime/${clientId}/subscriptions`,
          { subscriptions: [{ id: `s${call}`, topic: 'satchels' }] },
          { token: user.token },
        );
        expect(added.status).toBe(201);
      }
      const written = await http.post('/api/v1/collections/satchels/records', { label: 'live' });
      expect(written.status).toBe(201);
      const changes = await stream.next('change', 4);
      expect(changes.map((event) => event.data.subscription).sort()).toEqual(['s0', 's1', 's2', 's3']);
      const removed = await http.request('DELETE', `/api/v1/realtime/${clientId}/subscriptions/s0`, {
        token: user.token,
      });
      expect(removed.status).toBe(204);
      // Problems come back from the process that holds the connection, whichever answered.
      const other = await registerUser(http);
      for (let call = 0; call < 4; call += 1) {
        const refused = await http.post(
          `/api/v1/realtime/${clientId}/subscriptions`,
          { subscriptions: [{ topic: 'satchels', filter: 'label ==' }] },
          { token: user.token },
        );
        expect(refused.status).toBe(400);
        expect(refused.body.errors[0].field).toBe('subscriptions[0].filter');
        const notYours = await http.get(`/api/v1/realtime/${clientId}/subscriptions`, { token: other.token });
        expect(notYours.status).toBe(404);
      }
      const listed = await http.get(`/api/v1/realtime/${clientId}/subscriptions`, { token: user.token });
      expect(listed.body.data.map((subscription: { id: string }) => subscription.id)).toEqual(['s1', 's2', 's3']);
      const unknown = await http.get(`/api/v1/realtime/${randomUUID()}/subscriptions`, { token: user.token });
      expect(unknown.status).toBe(404);
    } finally {
      stream.close();
    }
  });

  it('stores files through the balancer (a form, and a resumable upload in chunks) and serves them from every instance', async () => {
    await createCollection(http, admin, {
      name: 'folders',
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text' },
        { name: 'attachment', type: 'file' },
      ],
    });
    const note = Buffer.from('stored through the balancer\n');
    const created = await sendForm(cluster.url, 'POST', '/api/v1/collections/folders/records', {
      json: { title: 'form' },
      files: [{ field: 'attachment', name: 'note.txt', bytes: note }],
    });
    expect(created.status).toBe(201);
    // A resumable upload whose chunks the balancer spreads over both instances (FILES_DIR is shared).
    const client = createClient(cluster.url);
    const big = new Uint8Array(300_000).map((_, index) => index % 251);
    const upload = await client.files.upload('folders', 'attachment', new Blob([big]), {
      filename: 'big.bin',
      chunkSize: 64 * 1024,
    });
    const resumed = await client.collection('folders').create({ title: 'tus', attachment: upload });
    for (const [record, bytes] of [
      [created.body.data, note],
      [resumed, Buffer.from(big)],
    ] as const) {
      for (const api of cluster.apis) {
        const served = await download(api.url, filePath('folders', record.id, record.attachment.name));
        expect(served.status).toBe(200);
        expect(served.bytes.equals(bytes)).toBe(true);
      }
    }
  });

  it('delivers each event to a webhook once, with two workers', async () => {
    await createCollection(http, admin, {
      name: 'crates',
      rules: OPEN_RULES,
      fields: [{ name: 'n', type: 'integer' }],
    });
    const hook = await http.post(
      '/api/v1/webhooks',
      { name: 'crates', url: `${receiver.url}/crates`, collections: ['crates'] },
      { token: admin.token },
    );
    expect(hook.status).toBe(201);
    const writes = 20;
    for (let n = 0; n < writes; n += 1) {
      const api = cluster.apis[n % cluster.apis.length];
      expect((await httpClient(api?.url ?? '').post('/api/v1/collections/crates/records', { n })).status).toBe(201);
    }
    const received = () => receiver.requests.filter((request) => request.json?.data?.collection === 'crates');
    await waitFor(
      () => Promise.resolve(received().length),
      (count) => count >= writes,
      { what: `${writes} deliveries` },
    );
    // One more, delivered after every earlier one was: a duplicate would have had its chance.
    expect((await http.post('/api/v1/collections/crates/records', { n: writes })).status).toBe(201);
    await waitFor(
      () => Promise.resolve(received().length),
      (count) => count >= writes + 1,
      { what: 'the last delivery' },
    );
    const ids = received().map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(writes + 1);
    expect(ids).toHaveLength(writes + 1);
    expect(
      received()
        .map((request) => request.json.data.record.n)
        .sort((a: number, b: number) => a - b),
    ).toEqual(Array.from({ length: writes + 1 }, (_, n) => n));
  });

  it('restarts every API instance in turn under steady load without a failed request', async () => {
    await createCollection(http, admin, {
      name: 'pallets',
      rules: { ...OPEN_RULES, create: '@request.auth.id != null' },
      fields: [{ name: 'label', type: 'text' }],
    });
    const writer = await registerUser(http, uniqueEmail('steady'));
    const failures: string[] = [];
    let answered = 0;
    let running = true;
    // Four clients in a loop through the balancer: a read and a write each turn.
    const clients = Array.from({ length: 4 }, async (_, client) => {
      while (running) {
        for (const [method, path, body] of [
          ['GET', '/api/v1/collections/pallets/records?limit=5', undefined],
          ['POST', '/api/v1/collections/pallets/records', { label: `load ${client}` }],
        ] as const) {
          try {
            const response = await http.request(method, path, { body, token: writer.token });
            if (response.status >= 400 && response.status !== 429) {
              failures.push(`${method} ${path}: ${response.status} ${response.text}`);
            }
          } catch (error) {
            failures.push(`${method} ${path}: ${String(error)}`);
          }
          answered += 1;
        }
      }
    });
    for (const api of cluster.apis) {
      const exited = cluster.stopApi(api);
      // Readiness fails first: the balancer takes the instance out while it still runs.
      await waitFor(
        () => cluster.inRotation(api),
        (up) => !up,
        { what: `${api.name} out of rotation` },
      );
      expect(api.process.child.exitCode).toBeNull();
      expect(await exited).toBe(0);
      await cluster.startApi(api);
    }
    running = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(20);
  }, 120_000);
});
