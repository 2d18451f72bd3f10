// Realtime across processes, as operators run it: two built API processes and one worker on a
// private Redis. A write through one instance reaches subscribers of both; a client whose
// instance is killed resumes on the other with no gap and no duplicate; and a Redis restart
// (which loses the stream) loses nothing, neither for connected clients nor for one that
// reconnects.

import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  httpClient,
  runNode,
  startPrivateRedis,
  waitFor,
  type HttpClient,
  type PrivateRedis,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startWorkerProcess } from '../../worker/test/support/worker-process.js';
import { setupAdmin, type TestSession } from './support/identity.js';
import { openSse, type SseTestClient } from './support/realtime.js';
import { createCollection, OPEN_RULES, recordsClient, type RecordsClient } from './support/records.js';

interface Instance {
  readonly process: RunningProcess;
  readonly url: string;
  readonly http: HttpClient;
}

describe('realtime across API processes', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let worker: RunningProcess;
  const instances: Instance[] = [];
  const clients: SseTestClient[] = [];
  let admin: TestSession;
  let items: RecordsClient;

  async function startInstance(): Promise<Instance> {
    const port = await freePort();
    const child = runNode('dist/apps/api/src/main.js', [], {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: env.redisPrefix,
      JWT_SECRET: 'a-shared-secret-for-every-instance-0123456789',
      LOG_LEVEL: 'warn',
    });
    const url = `http://127.0.0.1:${port}`;
    const http = httpClient(url);
    await waitFor(
      () =>
        http.get('/health/live').then(
          (response) => response.status,
          () => 0,
        ),
      (status) => status === 200,
      { what: 'an API instance' },
    );
    const instance = { process: child, url, http };
    instances.push(instance);
    return instance;
  }

  /** An SSE client on `instance` subscribed to items; resumes from `lastEventId` when given. */
  async function subscriber(instance: Instance, lastEventId?: string): Promise<SseTestClient> {
    const client = openSse(instance.url, { token: admin.token, lastEventId });
    clients.push(client);
    const [connected] = await client.next('connect');
    const response = await instance.http.post(
      `/api/v1/realtime/${String(connected?.data.clientId)}/subscriptions`,
      { subscriptions: [{ topic: 'items' }] },
      { token: admin.token },
    );
    if (response.status !== 201) throw new Error(`subscribe: ${response.status} ${response.text}`);
    return client;
  }

  const createdIds = (client: SseTestClient): string[] =>
    client.of('change').flatMap((event) => (event.data.action === 'create' ? [String(event.data.id)] : []));

  async function receivedAll(client: SseTestClient, ids: readonly string[], what: string): Promise<void> {
    await waitFor(() => Promise.resolve(ids.every((id) => createdIds(client).includes(id))), Boolean, {
      what,
      timeoutMs: 15_000,
    });
  }

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
    const first = await startInstance();
    await startInstance();
    worker = await startWorkerProcess(env, { REDIS_URL: redis.url, OUTBOX_POLL_INTERVAL_MS: '200' });
    admin = await setupAdmin(first.http);
    await createCollection(first.http, admin, {
      name: 'items',
      rules: OPEN_RULES,
      fields: [{ name: 'title', type: 'text' }],
    });
    items = recordsClient(first.http, 'items');
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(instances.map((instance) => instance.process.stop('SIGKILL')));
    await worker?.stop('SIGKILL');
    await redis?.stop();
    await env?.dispose();
  });

  it('delivers a write through one instance to subscribers of both', async () => {
    const [first, second] = instances as [Instance, Instance];
    const onFirst = await subscriber(first);
    const onSecond = await subscriber(second);
    const created = await recordsClient(second.http, 'items').insert({ title: 'through the second' });
    await receivedAll(onFirst, [created.id], 'the change on the first instance');
    await receivedAll(onSecond, [created.id], 'the change on the second instance');
    expect(onFirst.of('change')[0]?.id).toBe(onSecond.of('change')[0]?.id);
  });

  it('resumes a client of a killed instance on the other, with no gap and no duplicate', async () => {
    const doomed = await startInstance();
    const survivor = instances[0] as Instance;
    const client = await subscriber(doomed);
    const before = await items.insert({ title: 'before the kill' });
    await receivedAll(client, [before.id], 'the change before the kill');

    await doomed.process.stop('SIGKILL');
    await client.ended;
    const whileDown = [await items.insert({ title: 'while down 1' }), await items.insert({ title: 'while down 2' })];
    const again = await subscriber(survivor, client.lastEventId());
    const after = await items.insert({ title: 'after' });
    const expected = [...whileDown.map((record) => record.id), after.id];
    await receivedAll(again, expected, 'every change after the kill');
    expect(createdIds(again)).toEqual(expected);
  });

  it('loses nothing across a Redis restart, live or resumed', async () => {
    const [first, second] = instances as [Instance, Instance];
    const live = await subscriber(first);
    const leaving = await subscriber(second);
    const before = await items.insert({ title: 'before the restart' });
    await receivedAll(leaving, [before.id], 'the change before the restart');
    leaving.close();

    await redis.stop();
    // Written while Redis is away: the worker relays them once it is back.
    const during = [await items.insert({ title: 'during 1' }), await items.insert({ title: 'during 2' })];
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await redis.start();
    const after = await items.insert({ title: 'after the restart' });
    const expected = [...during.map((record) => record.id), after.id];

    await receivedAll(live, [before.id, ...expected], 'every change on the live connection');
    expect(createdIds(live)).toEqual([before.id, ...expected]);
    const resumed = await subscriber(second, leaving.lastEventId());
    await receivedAll(resumed, expected, 'every change on the resumed connection');
    expect(createdIds(resumed)).toEqual(expected);
  });
});
