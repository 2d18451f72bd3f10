// Scale-out, proven together: two built API processes and two workers on one PostgreSQL and
// one Redis, behind HAProxy on loopback (support/cluster.ts). Through the balancer, traffic
// reaches both instances; each tick of the scheduled maintenance job runs once although two
// workers could run it; a schema change made through one is served by every instance at
// once; rate limits and session revocations hold across instances; an SSE connection is
// managed through whichever instance a call reaches; files stored through the balancer (a form,
// a resumable upload in chunks) are served by every instance, on the shared volume and on S3;
// each event reaches a webhook once although two workers deliver; realtime changes reach
// clients of every instance, and a client whose instance is killed resumes through the
// balancer without a gap; and a rolling restart of every API instance under steady load
// answers every request (no error but 429) while its realtime clients are ended cleanly,
// reconnect to the other instance and miss nothing.

import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTestEnvironment,
  httpClient,
  startS3Server,
  waitFor,
  type HttpClient,
  type S3TestServer,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startCluster, type ApiInstance, type Cluster } from './support/cluster.js';
import { createClient } from '@stagecraft/client';
import { download, filePath, openBackstage, sendForm } from './support/files.js';
import { openSse } from './support/realtime.js';
import { follow, openSseLeg, subscribeLeg, type SseLeg } from './support/sse-legs.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';
import { registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES } from './support/records.js';

const AUTH_LIMIT = 6;
/** The shortest maintenance interval there is, so the schedule ticks while the suite runs. */
const MAINTENANCE_INTERVAL_MS = 1000;

/**
 * Stores files through the balancer, by a form and by a resumable upload whose chunks it
 * spreads over the instances, and downloads each from every instance; returns the stored names.
 */
async function storesFilesThroughTheBalancer(
  cluster: Cluster,
  http: HttpClient,
  admin: TestSession,
): Promise<string[]> {
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
  return [created.body.data.attachment.name, (resumed.attachment as { name: string }).name];
}

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
        MAINTENANCE_INTERVAL_MS: String(MAINTENANCE_INTERVAL_MS),
      },
      // Each maintenance run is logged at info.
      workerSettings: { LOG_LEVEL: 'info' },
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

  it('runs each tick of the maintenance schedule once, with two workers', async () => {
    const completed = async (): Promise<{ id: string; processed_at: string }[]> => {
      const response = await http.get('/api/v1/jobs?queue=maintenance&state=completed&limit=100', {
        token: admin.token,
      });
      expect(response.status).toBe(200);
      return response.body.data;
    };
    // Every worker set the schedule as it started; the runs since then are all kept (50). Two
    // more runs, now that both workers are up, to be sure.
    const since = Date.now();
    const runs = await waitFor(
      completed,
      (jobs) => jobs.filter((job) => Date.parse(job.processed_at) >= since).length >= 2,
      {
        what: 'two maintenance runs with both workers up',
        timeoutMs: 20_000,
      },
    );
    // A scheduled job's id names its schedule and its tick (the time it was due).
    const ticks = runs.map((job) => Number(/^repeat:purge-expired:(\d+)$/.exec(job.id)?.[1])).sort((a, b) => a - b);
    expect(ticks.every((tick) => Number.isSafeInteger(tick))).toBe(true);
    // One schedule, one job per tick: a second schedule, or a tick planned twice, would put
    // runs closer together than the interval.
    const gaps = ticks.slice(1).map((tick, index) => tick - (ticks[index] ?? 0));
    expect(gaps.filter((gap) => gap < MAINTENANCE_INTERVAL_MS)).toEqual([]);
    // Each run happened in one worker, once: every worker logs the runs it made.
    const logged = await waitFor(
      () =>
        Promise.resolve(
          cluster.workers.flatMap((worker) =>
            [...worker.output().matchAll(/Maintenance (repeat:purge-expired:\d+):/g)].map((match) => match[1]),
          ),
        ),
      (ids) => runs.every((job) => ids.includes(job.id)),
      { what: 'every run in a worker’s log' },
    );
    expect(logged.length).toBe(new Set(logged).size);
    const failed = await http.get('/api/v1/jobs?queue=maintenance&state=failed', { token: admin.token });
    expect(failed.body.data.map((job: { failed_reason: string }) => job.failed_reason)).toEqual([]);
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
    await storesFilesThroughTheBalancer(cluster, http, admin);
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

  it('restarts every API instance in turn under steady load without a failed request, ending its realtime connections cleanly and losing no event', async () => {
    await createCollection(http, admin, {
      name: 'pallets',
      rules: { ...OPEN_RULES, create: '@request.auth.id != null' },
      fields: [{ name: 'label', type: 'text' }],
    });
    const writer = await registerUser(http, uniqueEmail('steady'));
    const [first, second] = cluster.apis as [ApiInstance, ApiInstance];
    // A realtime client of the first instance; whenever its stream ends it reconnects through
    // the balancer, resuming from its last event id, as EventSource does.
    const follower = await follow(first.url, cluster.url, http, writer.token, ['pallets']);
    const failures: string[] = [];
    const created: string[] = [];
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
            if (method === 'POST' && response.status === 201) created.push(response.body.data.id);
          } catch (error) {
            failures.push(`${method} ${path}: ${String(error)}`);
          }
          answered += 1;
        }
      }
    });
    const exits: number[] = [];
    try {
      for (const [index, api] of cluster.apis.entries()) {
        const exited = cluster.stopApi(api);
        // Readiness fails first: the balancer takes the instance out while it still runs.
        await waitFor(
          () => cluster.inRotation(api),
          (up) => !up,
          { what: `${api.name} out of rotation` },
        );
        expect(api.process.child.exitCode).toBeNull();
        expect(await exited).toBe(0);
        exits.push(Date.now());
        // The follower is back (after the delay the server asked for) before the instance is.
        await waitFor(
          () => {
            if (follower.problems.length > 0) throw new Error(follower.problems.join('; '));
            return Promise.resolve(follower.legs.length);
          },
          (legs) => legs >= index + 2,
          { what: 'the follower reconnected', timeoutMs: 15_000 },
        );
        await cluster.startApi(api);
      }
    } finally {
      running = false;
      await Promise.all(clients);
    }
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(20);

    // One more change, after every other: once it arrives, whatever was to arrive has.
    const last = await http.post('/api/v1/collections/pallets/records', { label: 'last' }, { token: writer.token });
    expect(last.status).toBe(201);
    created.push(last.body.data.id);
    const received = (): string[] => follower.changes().map((event) => String(event.data.id));
    await waitFor(
      () => Promise.resolve(received()),
      (ids) => ids.includes(last.body.data.id),
      { what: 'the last change on the follower', timeoutMs: 20_000 },
    );
    await follower.stop();
    expect(follower.problems).toEqual([]);
    // The stream of each instance stopped was ended by the server with a reason, before it exited;
    // the client came back through the balancer on the other instance.
    const legs = follower.legs;
    expect(legs).toHaveLength(3);
    for (const [index, leg] of legs.slice(0, 2).entries()) {
      const end = await leg.ended;
      expect(end.complete).toBe(true);
      expect(end.at).toBeLessThanOrEqual(exits[index] ?? 0);
      expect(leg.events.at(-1)).toMatchObject({ type: 'close', data: { reason: 'shutdown' } });
      expect(leg.retry()).toBe(1000);
    }
    expect((await legs[1]?.opened)?.servedBy).toBe(second.name);
    expect((await legs[2]?.opened)?.servedBy).toBe(first.name);
    // Every change written arrived once, across the three connections.
    expect(received().length).toBe(new Set(received()).size);
    expect(created.filter((id) => !received().includes(id))).toEqual([]);
  }, 120_000);

  // Last: it leaves the first instance down (starting it again would only cost time).
  it('fans a change out to realtime clients of every instance, and resumes through the balancer a client whose instance was killed', async () => {
    await createCollection(http, admin, {
      name: 'beacons',
      rules: OPEN_RULES,
      fields: [{ name: 'label', type: 'text' }],
    });
    const { token } = await registerUser(http);
    const [first, second] = cluster.apis as [ApiInstance, ApiInstance];
    const topics = [{ topic: 'beacons' }];
    const write = async (url: string, label: string): Promise<string> => {
      const created = await httpClient(url).post('/api/v1/collections/beacons/records', { label });
      expect(created.status).toBe(201);
      return created.body.data.id;
    };
    const ids = (leg: SseLeg): string[] => leg.of('change').map((event) => String(event.data.id));
    const legs: SseLeg[] = [];
    try {
      const onFirst = openSseLeg(first.url, { token });
      const onSecond = openSseLeg(second.url, { token });
      legs.push(onFirst, onSecond);
      await subscribeLeg(onFirst, http, token, topics);
      await subscribeLeg(onSecond, http, token, topics);
      // A change written through either instance reaches the clients of both.
      const live = [await write(second.url, 'through the second'), await write(first.url, 'through the first')];
      await onFirst.next('change', 2);
      await onSecond.next('change', 2);
      expect(ids(onFirst)).toEqual(live);
      expect(ids(onSecond)).toEqual(live);

      expect(await first.process.stop('SIGKILL')).toBeNull();
      expect((await onFirst.ended).complete).toBe(false);
      // Written while the client is away, through the balancer (which the dead instance cannot answer).
      const whileAway = [
        await write(cluster.url, 'while away 1'),
        await write(cluster.url, 'while away 2'),
        await write(cluster.url, 'while away 3'),
      ];
      const resumed = openSseLeg(cluster.url, { token, lastEventId: onFirst.lastEventId() });
      legs.push(resumed);
      expect(await resumed.opened).toEqual({ status: 200, servedBy: second.name });
      await subscribeLeg(resumed, http, token, topics);
      const after = await write(cluster.url, 'after');
      await resumed.next('change', whileAway.length + 1);
      expect(ids(resumed)).toEqual([...whileAway, after]);
      await onSecond.next('change', live.length + whileAway.length + 1);
      expect(ids(onSecond)).toEqual([...live, ...whileAway, after]);
    } finally {
      for (const leg of legs) leg.close();
    }
  }, 60_000);
});

describe('a cluster of two APIs on S3 storage behind a load balancer', () => {
  let env: TestEnvironment;
  let s3: S3TestServer;
  let cluster: Cluster;
  let http: HttpClient;
  let admin: TestSession;
  let storage: Record<string, string>;

  beforeAll(async () => {
    env = await createTestEnvironment();
    s3 = await startS3Server();
    storage = {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
    };
    // One worker is enough here: the APIs are ready once a worker beats.
    cluster = await startCluster(env, { workers: 1, settings: { RATE_LIMIT_AUTH_PER_IP: '1000', ...storage } });
    http = httpClient(cluster.url);
    admin = await setupAdmin(http);
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
    await s3?.stop();
    await env?.dispose();
  });

  it('stores files through the balancer in the bucket (a form, and a resumable upload in chunks) and serves them from every instance', async () => {
    const names = await storesFilesThroughTheBalancer(cluster, http, admin);
    const backstage = await openBackstage(env.config(storage));
    try {
      const folders = await http.get('/api/v1/collections/folders', { token: admin.token });
      const keys = await backstage.keys(folders.body.data.id);
      expect(names.filter((name) => !keys.some((key) => key.endsWith(`/${name}`)))).toEqual([]);
    } finally {
      await backstage.close();
    }
    // Nothing went to the shared volume's local store.
    const local = join(env.filesDir, 'storage');
    expect(existsSync(local) ? readdirSync(local, { recursive: true }) : []).toEqual([]);
  });
});
