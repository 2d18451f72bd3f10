// /api/v1/jobs through real HTTP over real BullMQ queues. No Stagecraft worker runs here: the
// test puts jobs in the queues itself and moves them through their states with a worker of
// its own, so every state (waiting, active, completed, failed) is reached on purpose.

import { allQueues } from '@stagecraft/jobs';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import {
  createTestEnvironment,
  httpClient,
  TEST_REDIS_URL,
  waitFor,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { Queue, Worker } from 'bullmq';
import pg from 'pg';
import { startApi, type RunningApi } from './support/running-apps.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { expectProblem, queryString } from './support/records.js';

const JOBS = '/api/v1/jobs';
type Outcome = 'complete' | 'fail' | 'hold';

describe('jobs admin API', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let queues: Record<string, Queue>;

  const get = (path: string) => http.get(path, { token: admin.token });
  const jobState = async (id: string, queue?: string): Promise<string> =>
    (await get(`${JOBS}/${id}${queryString({ queue })}`)).body.state;
  const untilState = (id: string, state: string) =>
    waitFor(
      () => jobState(id),
      (current) => current === state,
      { what: `job ${id} to be ${state}` },
    );

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    const connection = bullmqConnectionOptions(TEST_REDIS_URL);
    queues = Object.fromEntries(
      allQueues.map((name) => [name, new Queue(name, { connection, prefix: `${env.redisPrefix}:bull` })]),
    );
  });

  afterAll(async () => {
    await Promise.all(Object.values(queues ?? {}).map((queue) => queue.close()));
    await api?.close();
    await env?.dispose();
  });

  describe('access', () => {
    const routes = [
      { name: 'queues', method: 'GET', path: `${JOBS}/queues` },
      { name: 'list', method: 'GET', path: `${JOBS}?queue=maintenance&state=failed` },
      { name: 'get', method: 'GET', path: `${JOBS}/some-job` },
      { name: 'retry', method: 'POST', path: `${JOBS}/some-job/retry` },
      { name: 'remove', method: 'DELETE', path: `${JOBS}/some-job` },
    ];

    it.each(routes)('$name without credentials → 401', async ({ method, path }) => {
      expectProblem(await http.request(method, path), 401, 'UNAUTHORIZED');
    });

    it.each(routes)('$name as a user who is not an admin → 403', async ({ method, path }) => {
      expectProblem(await http.request(method, path, { token: user.token }), 403, 'FORBIDDEN');
    });
  });

  // The API itself puts jobs on other queues (a sign-up sends a verification email); only the
  // worker schedules maintenance, so that queue holds exactly what these tests add.
  describe('queues and listings', () => {
    beforeAll(async () => {
      await queues.maintenance!.add('purge', { n: 1 }, { jobId: 'purge-1' });
      await queues.maintenance!.add('purge', { n: 2 }, { jobId: 'purge-2' });
      await queues.maintenance!.add('purge', { n: 3 }, { jobId: 'purge-3', delay: 60_000 });
    });

    it('every queue with its counts by state', async () => {
      const response = await get(`${JOBS}/queues`);
      expect(response.status).toBe(200);
      expect(response.body.data.map((queue: { name: string }) => queue.name).sort()).toEqual([...allQueues].sort());
      expect(response.body.data.find((queue: { name: string }) => queue.name === 'maintenance')).toEqual({
        name: 'maintenance',
        counts: { waiting: 2, active: 0, delayed: 1, completed: 0, failed: 0, paused: 0, prioritized: 0 },
        paused: false,
      });
    });

    it('a paused queue says so, its waiting jobs counted as paused', async () => {
      await queues.maintenance!.pause();
      try {
        const maintenance = (await get(`${JOBS}/queues`)).body.data.find(
          (queue: { name: string }) => queue.name === 'maintenance',
        );
        expect(maintenance).toMatchObject({ paused: true, counts: { waiting: 2, paused: 2 } });
      } finally {
        await queues.maintenance!.resume();
      }
    });

    it('jobs of one queue in one state, newest first, paged', async () => {
      const all = await get(`${JOBS}?queue=maintenance&state=waiting`);
      expect(all.status).toBe(200);
      expect(all.body.meta).toEqual({ limit: 20, offset: 0, total: 2 });
      expect(all.body.data.map((job: { id: string }) => job.id)).toEqual(['purge-2', 'purge-1']);
      expect(all.body.data[0]).toMatchObject({
        queue: 'maintenance',
        name: 'purge',
        state: 'waiting',
        data: { n: 2 },
      });

      const second = await get(`${JOBS}?queue=maintenance&state=waiting&limit=1&offset=1`);
      expect(second.body).toMatchObject({ meta: { limit: 1, offset: 1, total: 2 }, data: [{ id: 'purge-1' }] });
      expect(
        (await get(`${JOBS}?queue=maintenance&state=delayed`)).body.data.map((job: { id: string }) => job.id),
      ).toEqual(['purge-3']);
    });

    it.each([
      { query: { state: 'waiting' }, field: 'queue' },
      { query: { queue: 'nope', state: 'waiting' }, field: 'queue' },
      { query: { queue: 'maintenance' }, field: 'state' },
      { query: { queue: 'maintenance', state: 'stuck' }, field: 'state' },
      { query: { queue: 'maintenance', state: 'waiting', limit: '0' }, field: 'limit' },
      { query: { queue: 'maintenance', state: 'waiting', limit: '101' }, field: 'limit' },
      { query: { queue: 'maintenance', state: 'waiting', offset: '-1' }, field: 'offset' },
      { query: { queue: 'maintenance', state: 'waiting', sort: 'id' }, field: 'sort' },
    ])('listing with $query → 400 naming $field', async ({ query, field }) => {
      expectProblem(await get(`${JOBS}${queryString(query)}`), 400, 'VALIDATION_FAILED', field);
    });
  });

  describe('one job: view, retry, remove', () => {
    let worker: Worker | undefined;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));

    const add = (id: string, outcome: Outcome) =>
      queues.exports!.add('export', { outcome }, { jobId: id, attempts: 1 });

    beforeAll(async () => {
      worker = new Worker<{ outcome: Outcome }>(
        'exports',
        async (job) => {
          if (job.data.outcome === 'fail') throw new Error('the export target refused the file');
          if (job.data.outcome === 'hold') await held;
          return { rows: 3 };
        },
        { connection: bullmqConnectionOptions(TEST_REDIS_URL), prefix: `${env.redisPrefix}:bull`, concurrency: 5 },
      );
      await Promise.all([add('done-1', 'complete'), add('failed-1', 'fail'), add('running-1', 'hold')]);
      await Promise.all([
        untilState('done-1', 'completed'),
        untilState('failed-1', 'failed'),
        untilState('running-1', 'active'),
      ]);
    });

    afterAll(async () => {
      release();
      await worker?.close();
    });

    it('a completed job with its data, result and times', async () => {
      const response = await get(`${JOBS}/done-1`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: 'done-1',
        queue: 'exports',
        name: 'export',
        state: 'completed',
        data: { outcome: 'complete' },
        progress: 0,
        result: { rows: 3 },
        failed_reason: null,
        stacktrace: null,
        attempts_made: 1,
        attempts: 1,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        processed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        finished_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    });

    it('a failed job with its reason and the first lines of its stack trace', async () => {
      const response = await get(`${JOBS}/failed-1?queue=exports`);
      expect(response.body).toMatchObject({
        state: 'failed',
        failed_reason: 'the export target refused the file',
        result: null,
        attempts_made: 1,
      });
      expect(response.body.stacktrace[0]).toBe('Error: the export target refused the file');
      expect(response.body.stacktrace.length).toBeLessThanOrEqual(6);
    });

    it('a running job cannot be removed (409); once finished it can', async () => {
      expectProblem(await http.delete(`${JOBS}/running-1`, { token: admin.token }), 409, 'CONFLICT');
      expect(await jobState('running-1')).toBe('active');
      release();
      await untilState('running-1', 'completed');
      expect((await http.delete(`${JOBS}/running-1`, { token: admin.token })).status).toBe(204);
      expectProblem(await get(`${JOBS}/running-1`), 404, 'NOT_FOUND');
    });

    it('retry puts a failed job back in the queue (202); other states are a 409', async () => {
      await worker?.close(); // nothing picks the retried job up: it stays waiting
      worker = undefined;
      const response = await http.post(`${JOBS}/failed-1/retry`, undefined, { token: admin.token });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({
        id: 'failed-1',
        queue: 'exports',
        state: 'waiting',
        failed_reason: null,
        attempts_made: 0,
      });
      expect(await jobState('failed-1')).toBe('waiting');

      expectProblem(await http.post(`${JOBS}/failed-1/retry`, undefined, { token: admin.token }), 409, 'CONFLICT');
      expectProblem(await http.post(`${JOBS}/done-1/retry`, undefined, { token: admin.token }), 409, 'CONFLICT');
    });

    it('remove deletes a finished or waiting job (204)', async () => {
      expect((await http.delete(`${JOBS}/done-1`, { token: admin.token })).status).toBe(204);
      expectProblem(await get(`${JOBS}/done-1`), 404, 'NOT_FOUND');
      expect((await http.delete(`${JOBS}/failed-1`, { token: admin.token })).status).toBe(204);
      expect((await get(`${JOBS}?queue=exports&state=waiting`)).body.meta.total).toBe(0);
    });
  });

  describe('ids that repeat across queues', () => {
    beforeAll(async () => {
      await queues.email!.add('send', { n: 1 }, { jobId: 'twin' });
      await queues.webhooks!.add('deliver', { n: 2 }, { jobId: 'twin' });
    });

    it('without ?queue= → 409 naming the queues; with it → that job', async () => {
      const ambiguous = await get(`${JOBS}/twin`);
      expectProblem(ambiguous, 409, 'CONFLICT');
      expect([...ambiguous.body.queues].sort()).toEqual(['email', 'webhooks']);
      expect((await get(`${JOBS}/twin?queue=webhooks`)).body).toMatchObject({ queue: 'webhooks', data: { n: 2 } });
      expectProblem(await http.delete(`${JOBS}/twin`, { token: admin.token }), 409, 'CONFLICT');
      expect((await http.delete(`${JOBS}/twin?queue=email`, { token: admin.token })).status).toBe(204);
      expect((await get(`${JOBS}/twin`)).body).toMatchObject({ queue: 'webhooks' });
    });
  });

  // No worker runs here, so the events the API's own writes make (the sign-ups above) stay
  // in the outbox; the test adds older ones to the other stages and sees the figure follow.
  describe('event backlog', () => {
    let db: pg.Client;
    const hoursAgo = (hours: number): string => new Date(Date.now() - hours * 3600_000).toISOString();
    const backlog = async () => {
      const response = await get(`${JOBS}/queues`);
      expect(response.status).toBe(200);
      return response.body.events;
    };
    const metric = async (line: RegExp): Promise<number> => {
      const text = (await http.get('/metrics')).text;
      const found = line.exec(text);
      if (!found) throw new Error(`no ${String(line)} in /metrics`);
      return Number(found[1]);
    };

    beforeAll(async () => {
      db = new pg.Client({ connectionString: env.databaseUrl });
      await db.connect();
    });
    afterAll(async () => {
      await db?.end();
    });

    it('counts the events left in the outbox, dated by their change', async () => {
      const { rows } = await db.query<{ oldest: Date; unsent: number }>(
        `SELECT min(created_at) AS oldest, count(*)::int AS unsent FROM stagecraft.outbox WHERE sent_at IS NULL`,
      );
      expect(rows[0]!.unsent).toBeGreaterThan(0);
      const events = await backlog();
      expect(events).toMatchObject({
        oldest_undelivered_at: rows[0]!.oldest.toISOString(),
        outbox_unsent: rows[0]!.unsent,
        queued_jobs: 0,
        deliveries_untried: 0,
      });
      expect(events.oldest_undelivered_age_seconds).toBeGreaterThan(0);
    });

    it('follows an older event waiting in the events queue, in each kind of events job', async () => {
      const event = (timestamp: string) => ({ sequence: 1, event: { id: 'e', type: 'record.created', timestamp } });
      const anHourAgo = hoursAgo(1);
      await queues.events!.add('record-event', event(anHourAgo), { jobId: 'backlog-single' });
      expect(await backlog()).toMatchObject({ oldest_undelivered_at: anHourAgo, queued_jobs: 1 });
      const twoHoursAgo = hoursAgo(2);
      await queues.events!.add(
        'record-events',
        { events: [event(twoHoursAgo), event(hoursAgo(0))] },
        { jobId: 'backlog-batch', delay: 60_000 },
      );
      const events = await backlog();
      expect(events).toMatchObject({ oldest_undelivered_at: twoHoursAgo, queued_jobs: 2 });
      expect(events.oldest_undelivered_age_seconds).toBeGreaterThanOrEqual(7200);
      // The relay's own kind: references to events, each with its time. (Delayed less than the
      // batch above, it is the first delayed job, the one read.)
      const twoAndAHalfHoursAgo = hoursAgo(2.5);
      const ref = { sequence: 2, id: 'e', collection: 'c', action: 'create', timestamp: twoAndAHalfHoursAgo };
      await queues.events!.add('record-event-refs', { refs: [ref] }, { jobId: 'backlog-refs', delay: 30_000 });
      expect(await backlog()).toMatchObject({ oldest_undelivered_at: twoAndAHalfHoursAgo, queued_jobs: 3 });
    });

    it('follows an older webhook delivery not yet tried, and no longer once it was tried', async () => {
      const [{ id: webhookId }] = (
        await db.query<{ id: string }>(
          `INSERT INTO stagecraft.webhooks (id, name, url, secret) VALUES (gen_random_uuid(), 'backlog', 'https://example.com/hook', 's') RETURNING id`,
        )
      ).rows as [{ id: string }];
      const [{ id: deliveryId }] = (
        await db.query<{ id: string }>(
          `INSERT INTO stagecraft.webhook_deliveries (id, webhook_id, event_id, event_type, payload)
           VALUES (gen_random_uuid(), $1, gen_random_uuid(), 'record.created', $2) RETURNING id`,
          [webhookId, { timestamp: hoursAgo(3) }],
        )
      ).rows as [{ id: string }];
      let events = await backlog();
      expect(events.deliveries_untried).toBe(1);
      expect(events.oldest_undelivered_age_seconds).toBeGreaterThanOrEqual(3 * 3600);
      expect(await metric(/^stagecraft_events_oldest_undelivered_age_seconds (\S+)$/m)).toBeGreaterThanOrEqual(
        3 * 3600,
      );
      expect(await metric(/^stagecraft_events_backlog\{stage="deliveries"\} (\S+)$/m)).toBe(1);
      expect(await metric(/^stagecraft_events_backlog\{stage="queue"\} (\S+)$/m)).toBe(3);

      await db.query(`UPDATE stagecraft.webhook_deliveries SET state = 'retrying', attempts = 1 WHERE id = $1`, [
        deliveryId,
      ]);
      events = await backlog();
      expect(events.deliveries_untried).toBe(0);
      expect(events.oldest_undelivered_age_seconds).toBeLessThan(3 * 3600);
    });
  });

  describe('failures', () => {
    it.each([
      { name: 'get an unknown id', method: 'GET', path: `${JOBS}/no-such-job`, status: 404, code: 'NOT_FOUND' },
      { name: 'get an id no job can have', method: 'GET', path: `${JOBS}/a:b`, status: 404, code: 'NOT_FOUND' },
      {
        name: 'retry an unknown id',
        method: 'POST',
        path: `${JOBS}/no-such-job/retry`,
        status: 404,
        code: 'NOT_FOUND',
      },
      { name: 'remove an unknown id', method: 'DELETE', path: `${JOBS}/no-such-job`, status: 404, code: 'NOT_FOUND' },
      {
        name: 'get in an unknown queue',
        method: 'GET',
        path: `${JOBS}/purge-1?queue=nope`,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'queue',
      },
      {
        name: 'retry in an unknown queue',
        method: 'POST',
        path: `${JOBS}/purge-1/retry?queue=nope`,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'queue',
      },
      {
        name: 'get with an unknown parameter',
        method: 'GET',
        path: `${JOBS}/purge-1?state=waiting`,
        status: 400,
        code: 'VALIDATION_FAILED',
        field: 'state',
      },
    ])('$name → $status', async ({ method, path, status, code, field }) => {
      expectProblem(await http.request(method, path, { token: admin.token }), status, code, field);
    });
  });
});
