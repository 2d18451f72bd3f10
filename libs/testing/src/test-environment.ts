// Per-suite isolation: a fresh database and a Redis key prefix of its own, removed afterwards.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig, type AppConfig } from '@stagecraft/config';
import { createRedis } from '@stagecraft/redis';

/** Set by libs/testing/global-setup.mjs. */
const ADMIN_URL_ENV = 'STAGECRAFT_TEST_PG_ADMIN_URL';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestEnvironment {
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  /** FILES_DIR of this suite's apps (imports and exports), removed afterwards. */
  readonly filesDir: string;
  /** Configuration for an app of this suite; `env` overrides variables as the environment would. */
  config(env?: Record<string, string>): AppConfig;
  dispose(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env[ADMIN_URL_ENV];
  if (!url) throw new Error(`${ADMIN_URL_ENV} is unset: integration tests run through the Jest global setup`);
  return url;
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = createRedis(TEST_REDIS_URL, { enableOfflineQueue: true });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function createTestEnvironment(): Promise<TestEnvironment> {
  const suffix = randomBytes(6).toString('hex');
  const database = `stagecraft_test_${suffix}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${database}"`));
  const url = new URL(adminUrl());
  url.pathname = `/${database}`;
  const databaseUrl = url.toString();
  const redisPrefix = `stagecraft-test-${suffix}`;
  const filesDir = join(tmpdir(), `stagecraft-test-files-${suffix}`);

  return {
    databaseUrl,
    redisPrefix,
    filesDir,
    config: (env = {}) =>
      loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '4',
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: redisPrefix,
        WORKER_HEARTBEAT_INTERVAL_MS: '200',
        SHUTDOWN_TIMEOUT_MS: '5000',
        FILES_DIR: filesDir,
        ...env,
      }),
    dispose: async () => {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
      await deleteRedisKeys(redisPrefix);
      await rm(filesDir, { recursive: true, force: true });
    },
  };
}
