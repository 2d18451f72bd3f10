// Readiness follows Redis: killed Redis → 503 naming Redis; Redis back → ready again,
// without restarting the API.

import type { INestApplicationContext } from '@nestjs/common';
import {
  createTestEnvironment,
  startPrivateRedis,
  waitFor,
  type PrivateRedis,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

describe('Redis outage', () => {
  let env: TestEnvironment;
  let redis: PrivateRedis;
  let api: RunningApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    env = await createTestEnvironment();
    redis = await startPrivateRedis();
    const config = env.config({ REDIS_URL: redis.url });
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await redis?.start().catch(() => undefined);
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await env?.dispose();
  });

  const ready = (): Promise<Response> => fetch(`${api.url}/health/ready`);

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

    await redis.start();
    await waitFor(ready, (r) => r.status === 200, { what: 'readiness to recover', timeoutMs: 15_000 });
  });
});
