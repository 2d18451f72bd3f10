// Readiness follows Redis: killed Redis → 503 naming Redis; Redis back → ready again,
// without restarting the API. The outage is logged as state changes, not once per probe or
// per sign-in that the rate limiter let through.

import type { INestApplicationContext } from '@nestjs/common';
import {
  createTestEnvironment,
  startPrivateRedis,
  waitFor,
  type PrivateRedis,
  type TestEnvironment,
} from '@stagecraft/testing';
import { captureLogLines, WARN, type LogLines } from './support/log-lines.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

describe('Redis outage', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let logs: LogLines;

  beforeAll(async () => {
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
    // Nest's Logger is one per process and follows the app created last: the API, here, so
    // the lines below are what an operator of the API would see (the worker's join them).
    worker = await startWorker(env.config({ REDIS_URL: redis.url }));
    api = await startApi(env.config({ REDIS_URL: redis.url, LOG_LEVEL: 'info' }));
    logs = captureLogLines(api.app);
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await env?.dispose();
  });

  const ready = (): Promise<Response> => fetch(`${api.url}/health/ready`);
  const signIn = (): Promise<Response> =>
    fetch(`${api.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com', password: 'not-the-password' }),
    });

  it('reports 503 naming Redis while it is down and recovers when it returns', async () => {
    expect((await ready()).status).toBe(200);

    await redis.stop();
    const down = await waitFor(ready, (r) => r.status === 503, { what: 'readiness to fail' });
    const problem = (await down.json()) as {
      code: string;
      detail: string;
      checks: { redis: { status: string }; postgres: { status: string } };
    };
    expect(problem.code).toBe('SERVICE_UNAVAILABLE');
    expect(problem.detail).toMatch(/redis/);
    expect(problem.checks.redis.status).toBe('down');
    expect(problem.checks.postgres.status).toBe('up');

    // However many probes an outage sees, it is the same outage.
    for (let probe = 0; probe < 5; probe++) expect((await ready()).status).toBe(503);
    // Sign-in goes on without rate limits while Redis is away.
    for (let attempt = 0; attempt < 3; attempt++) expect((await signIn()).status).toBe(401);

    await redis.start();
    await waitFor(ready, (r) => r.status === 200, { what: 'readiness to recover', timeoutMs: 15_000 });
    for (let probe = 0; probe < 3; probe++) expect((await ready()).status).toBe(200);
    expect((await signIn()).status).toBe(401);

    const from = (context: string) =>
      logs
        .all()
        .filter((line) => line.context === context && !line.msg?.includes('stagecraft-worker'))
        .map((line) => ({ level: line.level, msg: line.msg }));
    // One warning naming what went down and why, one line when it is back: no line per probe.
    expect(from('Readiness')).toEqual([
      { level: WARN, msg: 'Not ready: redis down' },
      { level: 30, msg: expect.stringMatching(/^Ready again/) },
    ]);
    expect(from('RateLimiterService')).toEqual([
      { level: WARN, msg: expect.stringMatching(/^Rate limits not applied until Redis answers/) },
      { level: 30, msg: 'Rate limits apply again: Redis answers' },
    ]);
    expect(logs.all().find((line) => line.context === 'Readiness')?.down).toEqual({ redis: expect.any(String) });
    expect(from('Redis')).toEqual([
      { level: WARN, msg: expect.stringMatching(/connection "stagecraft-api" lost/) },
      { level: 30, msg: expect.stringMatching(/connection "stagecraft-api" restored/) },
    ]);
    // The probes' 503s are answers, not failures: no error lines for them, and no stack traces.
    const requests = logs.all().filter((line) => line.requestId !== undefined);
    expect(requests.filter((line) => line.level >= WARN)).toEqual([]);
    const stacks = [...requests, ...logs.all().filter((line) => ['Readiness', 'Redis'].includes(line.context ?? ''))]
      .map((line) => JSON.stringify(line))
      .filter((line) => line.includes('\\n    at '));
    expect(stacks).toEqual([]);
  });
});
