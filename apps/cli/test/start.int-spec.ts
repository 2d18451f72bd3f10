// `npm start` as a newcomer runs it: the built CLI as a real process, with the embedded
// PostgreSQL when DATABASE_URL is unset (data kept across restarts) or the given database,
// and a clear one-line refusal of bad configuration.

import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';

const CLI = 'dist/apps/cli/src/main.js';

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'warn', ...extra };
  return env;
}

async function untilReady(port: number, process: RunningProcess): Promise<void> {
  await waitFor(
    async () => {
      if (process.child.exitCode !== null) throw new Error(`exited early:\n${process.output()}`);
      return fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.status,
        () => 0,
      );
    },
    (status) => status === 200,
    { timeoutMs: 60_000, intervalMs: 250, what: 'readiness' },
  );
}

describe('stagecraft start', () => {
  let env: TestEnvironment;
  let dataDir: string;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    dataDir = mkdtempSync(join(tmpdir(), 'stagecraft-start-'));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to enter the directory.
    chmodSync(dataDir, 0o755);
  });

  afterAll(async () => {
    await env?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs on an embedded PostgreSQL when DATABASE_URL is unset, and keeps data across restarts', async () => {
    const [port, pgPort] = await Promise.all([freePort(), freePort()]);
    const processEnv = baseEnv({
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      DATA_DIR: dataDir,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
    });
    const databaseUrl = `postgres://postgres:stagecraft@127.0.0.1:${pgPort}/stagecraft`;

    const first = runNode(CLI, ['start'], processEnv);
    await untilReady(port, first);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`INSERT INTO stagecraft.settings (key, value) VALUES ('probe', '"kept"')`);
    await client.end();
    expect(await first.stop('SIGINT')).toBe(0);

    const second = runNode(CLI, ['start'], processEnv);
    await untilReady(port, second);
    const again = new pg.Client({ connectionString: databaseUrl });
    await again.connect();
    const { rows } = await again.query(`SELECT value FROM stagecraft.settings WHERE key = 'probe'`);
    await again.end();
    expect(rows).toEqual([{ value: 'kept' }]);
    expect(await second.stop('SIGTERM')).toBe(0);
    // initdb, two starts of PostgreSQL and of the apps, and migrations: on a slow machine over 30 s.
  }, 120_000);

  it('uses DATABASE_URL when it is set, without an embedded PostgreSQL', async () => {
    const port = await freePort();
    const ownDataDir = mkdtempSync(join(tmpdir(), 'stagecraft-start-url-'));
    const started = runNode(
      CLI,
      ['start'],
      baseEnv({
        PORT: String(port),
        DATABASE_URL: env.databaseUrl,
        DATA_DIR: ownDataDir,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: env.redisPrefix,
      }),
    );
    try {
      await untilReady(port, started);
      expect(existsSync(join(ownDataDir, 'postgres'))).toBe(false);
    } finally {
      expect(await started.stop('SIGTERM')).toBe(0);
      rmSync(ownDataDir, { recursive: true, force: true });
    }
  });

  it.each([
    { variable: 'PORT', value: 'eighty', message: 'Invalid configuration: PORT must be an integer, got "eighty"' },
    { variable: 'LOG_LEVEL', value: 'loud', message: 'Invalid configuration: LOG_LEVEL must be one of' },
    { variable: 'DATABASE_URL', value: 'not a url', message: 'Invalid configuration: DATABASE_URL must be a URL' },
  ])('refuses $variable=$value with one clear line', async ({ variable, value, message }) => {
    for (const entry of [CLI, 'dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js']) {
      const run = runNode(entry, entry === CLI ? ['start'] : [], baseEnv({ [variable]: value }));
      expect(await run.exited()).toBe(1);
      const lines = run.output().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(message);
    }
  });
});
