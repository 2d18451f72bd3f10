// The worker as operators run it: a real process with its health port, its heartbeat in
// PostgreSQL, and a clean exit on SIGTERM that removes the heartbeat.

import pg from 'pg';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type TestEnvironment,
} from '@stagecraft/testing';

describe('worker process', () => {
  let env: TestEnvironment;
  let db: pg.Client;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await env?.dispose();
  });

  const heartbeats = async (): Promise<number> => {
    const exists = await db.query(`SELECT to_regclass('stagecraft.worker_heartbeats') AS t`);
    if (exists.rows[0].t === null) return 0;
    return (await db.query('SELECT count(*)::int AS n FROM stagecraft.worker_heartbeats')).rows[0].n;
  };

  it('migrates, beats, serves health and removes its heartbeat on SIGTERM', async () => {
    const healthPort = await freePort();
    const worker = runNode('dist/apps/worker/src/main.js', [], {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      WORKER_HEALTH_PORT: String(healthPort),
      WORKER_HEARTBEAT_INTERVAL_MS: '200',
      LOG_LEVEL: 'warn',
    });
    const health = (path: string): Promise<number> =>
      fetch(`http://127.0.0.1:${healthPort}${path}`).then(
        (r) => r.status,
        () => 0,
      );

    await waitFor(
      () => health('/health/ready'),
      (status) => status === 200,
      { what: 'worker readiness' },
    );
    expect(await health('/health/live')).toBe(200);
    expect(await health('/nope')).toBe(404);
    expect(await heartbeats()).toBe(1);

    const before = await db.query('SELECT beat_at FROM stagecraft.worker_heartbeats');
    await waitFor(
      () => db.query('SELECT beat_at FROM stagecraft.worker_heartbeats'),
      (now) => now.rows[0]?.beat_at > before.rows[0].beat_at,
      { what: 'a second heartbeat' },
    );

    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await heartbeats()).toBe(0);
  });
});
