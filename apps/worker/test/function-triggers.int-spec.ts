// Functions run by the worker, end to end through real HTTP, the outbox, BullMQ and built
// worker processes: after-event functions run once per committed change that meets their
// condition, retry with backoff and are dead-lettered, and still run exactly once to the end
// when the worker is SIGKILLed mid-run; a cron schedule runs once per tick with two workers up.

import {
  createTestEnvironment,
  ensureBuilt,
  httpClient,
  waitFor,
  type HttpClient,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';
import pg from 'pg';
import { setupAdmin, type TestSession } from '../../api/test/support/identity.js';
import { createCollection, expectProblem } from '../../api/test/support/records.js';
import { startApi, type RunningApi } from '../../api/test/support/running-apps.js';
import { startWorkerProcess } from './support/worker-process.js';

const FUNCTIONS = '/api/v1/functions';
const ORDERS = '/api/v1/collections/orders/records';
const SETTINGS = { FUNCTIONS_EVENT_ATTEMPTS: '3', FUNCTIONS_EVENT_BACKOFF_MS: '50' };

/** Records the run in `runs`: which event, which order, which try. */
const RECORD_RUN = `export default async (ctx) => {
  await ctx.records.create('runs', {
    event_id: ctx.idempotency_key,
    order_id: ctx.event.data.record_id,
    kind: ctx.event.type,
    attempt: ctx.attempt,
  });
}`;

interface Invocation {
  outcome: string;
  trigger: string;
  event_id: string | null;
  attempt: number | null;
  dead_lettered: boolean;
}

describe('functions run by the worker', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let db: pg.Client;
  const workers: RunningProcess[] = [];

  const rows = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows;
  async function deploy(name: string, source: string, triggers: Record<string, unknown>, settings = {}) {
    const response = await http.post(
      FUNCTIONS,
      { name, source, triggers, settings: { run_as_admin: true, ...settings } },
      { token: admin.token },
    );
    if (response.status !== 201) throw new Error(`deploy ${name}: ${response.status} ${response.text}`);
  }
  const remove = async (name: string): Promise<void> => {
    expect((await http.delete(`${FUNCTIONS}/${name}`, { token: admin.token })).status).toBe(204);
  };
  const invocations = async (name: string, query = ''): Promise<Invocation[]> =>
    (await http.get(`${FUNCTIONS}/${name}/invocations?limit=100${query}`, { token: admin.token })).body.data;
  const order = async (status: string): Promise<string> => {
    const response = await http.post(ORDERS, { status }, { token: admin.token });
    expect(response.status).toBe(201);
    return response.body.data.id;
  };
  const settle = (ms: number) => new Promise((done) => setTimeout(done, ms));

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    api = await startApi(env.config(SETTINGS));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'orders', fields: [{ name: 'status', type: 'text' }] });
    await createCollection(http, admin, {
      name: 'runs',
      fields: [
        { name: 'event_id', type: 'text' },
        { name: 'order_id', type: 'text' },
        { name: 'kind', type: 'text' },
        { name: 'attempt', type: 'number' },
      ],
    });
    await createCollection(http, admin, { name: 'starts', fields: [{ name: 'event_id', type: 'text' }] });
    await createCollection(http, admin, { name: 'ticks', fields: [{ name: 'at', type: 'text' }] });
    workers.push(await startWorkerProcess(env, SETTINGS));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.stop('SIGKILL')));
    await api?.close();
    await db?.end();
    await env?.dispose();
  });

  it('runs once per committed change that meets the condition, keyed by the event id', async () => {
    await deploy('record-paid', RECORD_RUN, {
      events: [{ collection: 'orders', on: ['create', 'update'], condition: "status = 'paid'" }],
    });
    try {
      const paid = [await order('paid'), await order('paid')];
      const unpaid = await order('open');
      await order('open');
      expect((await http.patch(`${ORDERS}/${unpaid}`, { status: 'paid' }, { token: admin.token })).status).toBe(200);
      // All or nothing: a bulk create with one bad record commits no event.
      const refused = await http.post(ORDERS, [{ status: 'paid' }, { status: 42 }], { token: admin.token });
      expectProblem(refused, 400, 'VALIDATION_FAILED');

      const runs = await waitFor(
        () => rows(`SELECT event_id, order_id, kind, attempt FROM data.runs`),
        (found) => found.length >= 3,
        { what: 'three runs', timeoutMs: 20_000 },
      );
      await settle(1000);
      expect(await rows(`SELECT count(*)::int AS n FROM data.runs`)).toEqual([{ n: 3 }]);
      expect(new Set(runs.map((run) => run.event_id)).size).toBe(3);
      expect(runs.map((run) => `${run.kind} ${run.order_id} ${run.attempt}`).sort()).toEqual(
        [`record.created ${paid[0]} 1`, `record.created ${paid[1]} 1`, `record.updated ${unpaid} 1`].sort(),
      );
      const logged = await invocations('record-paid');
      expect(logged).toHaveLength(3);
      expect(logged.map((entry) => entry.event_id).sort()).toEqual(runs.map((run) => run.event_id).sort());
      expect(logged.every((entry) => entry.trigger === 'event' && entry.outcome === 'ok' && !entry.dead_lettered)).toBe(
        true,
      );
    } finally {
      await remove('record-paid');
      await db.query('DELETE FROM data.runs');
    }
  });

  it('retries a failing run with backoff, then dead-letters it; ctx.reject dead-letters at once', async () => {
    await deploy('always-fails', "export default async (ctx) => { throw new Error('boom on try ' + ctx.attempt) }", {
      events: [{ collection: 'orders', on: ['create'], condition: "status = 'fail'" }],
    });
    await deploy('rejecter', "export default async (ctx) => ctx.reject('not for me')", {
      events: [{ collection: 'orders', on: ['create'], condition: "status = 'reject'" }],
    });
    try {
      await order('fail');
      await order('reject');
      const tries = await waitFor(
        () => invocations('always-fails'),
        (found) => found.length >= 3,
        { what: 'three tries', timeoutMs: 20_000 },
      );
      await settle(1000);
      const failed = (await invocations('always-fails')).reverse();
      expect(failed).toHaveLength(3);
      expect(failed.map((entry) => [entry.outcome, entry.attempt, entry.dead_lettered])).toEqual([
        ['error', 1, false],
        ['error', 2, false],
        ['error', 3, true],
      ]);
      expect(new Set(tries.map((entry) => entry.event_id)).size).toBe(1);
      expect(await invocations('always-fails', '&dead_lettered=true')).toHaveLength(1);

      const rejected = await invocations('rejecter');
      expect(rejected.map((entry) => [entry.outcome, entry.attempt, entry.dead_lettered])).toEqual([
        ['rejected', 1, true],
      ]);
    } finally {
      await remove('always-fails');
      await remove('rejecter');
    }
  });

  it('runs each event to the end exactly once when the worker is SIGKILLed mid-run', async () => {
    await deploy(
      'slow-recorder',
      `export default async (ctx) => {
        await ctx.records.create('starts', { event_id: ctx.idempotency_key });
        const until = Date.now() + 1500;
        while (Date.now() < until) {}
        await ctx.records.create('runs', { event_id: ctx.idempotency_key, order_id: ctx.event.data.record_id });
      }`,
      { events: [{ collection: 'orders', on: ['create'], condition: "status = 'slow'" }] },
      { timeout_ms: 10_000 },
    );
    try {
      const ids = [await order('slow'), await order('slow'), await order('slow')];
      await waitFor(
        () => rows(`SELECT count(*)::int AS n FROM data.starts`),
        (found) => found[0].n >= 1,
        { what: 'a run under way', timeoutMs: 20_000, intervalMs: 20 },
      );
      const killed = workers.pop() as RunningProcess;
      expect(await killed.stop('SIGKILL')).toBeNull();
      expect(await rows(`SELECT count(*)::int AS n FROM data.runs`)).toEqual([{ n: 0 }]);

      workers.push(await startWorkerProcess(env, SETTINGS));
      await waitFor(
        () => rows(`SELECT count(*)::int AS n FROM data.runs`),
        (found) => found[0].n >= 3,
        { what: 'every run finished', timeoutMs: 40_000 },
      );
      await settle(1500);
      const finished = await rows(`SELECT order_id, count(*)::int AS n FROM data.runs GROUP BY order_id`);
      expect(finished.map((row) => `${row.order_id} ${row.n}`).sort()).toEqual(ids.map((id) => `${id} 1`).sort());
      // The killed runs started again: more starts than events.
      expect((await rows(`SELECT count(*)::int AS n FROM data.starts`))[0].n).toBeGreaterThan(3);
    } finally {
      await remove('slow-recorder');
      await db.query('DELETE FROM data.runs');
    }
  }, 90_000);

  it('runs a cron schedule once per tick with two workers up, and stops when the function goes', async () => {
    workers.push(await startWorkerProcess(env, SETTINGS));
    await deploy(
      'ticker',
      "export default async (ctx) => { await ctx.records.create('ticks', { at: ctx.schedule.at }) }",
      { schedule: { cron: '* * * * * *' } },
    );
    let ticks: { at: string }[];
    try {
      ticks = await waitFor(
        () => rows(`SELECT at FROM data.ticks`),
        (found) => found.length >= 4,
        { what: 'four ticks', timeoutMs: 30_000 },
      );
    } finally {
      await remove('ticker');
    }
    await settle(2000);
    const after = await rows(`SELECT at FROM data.ticks`);
    await settle(2000);
    // No tick after the function went (one in flight at the delete may still land).
    expect(await rows(`SELECT at FROM data.ticks`)).toHaveLength(after.length);
    expect(after.length).toBeGreaterThanOrEqual(ticks.length);
    const times = after.map((tick) => tick.at as string);
    expect(new Set(times).size).toBe(times.length);
    expect(times.every((at) => at.endsWith('.000Z'))).toBe(true);
  }, 60_000);
});
