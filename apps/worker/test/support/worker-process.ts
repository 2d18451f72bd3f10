// The built worker as a child process (what operators run), ready once its health port says
// so; for tests that signal or kill it.

import {
  freePort,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';

export async function startWorkerProcess(
  env: TestEnvironment,
  settings: Readonly<Record<string, string>> = {},
): Promise<RunningProcess> {
  const healthPort = await freePort();
  const child = runNode('dist/apps/worker/src/main.js', [], {
    PATH: process.env.PATH,
    DATABASE_URL: env.databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: env.redisPrefix,
    WORKER_HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'warn',
    ...settings,
  });
  await waitFor(
    () =>
      fetch(`http://127.0.0.1:${healthPort}/health/ready`).then(
        (response) => response.status,
        () => 0,
      ),
    (status) => status === 200,
    { what: 'worker readiness', timeoutMs: 20_000 },
  );
  return child;
}
