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
