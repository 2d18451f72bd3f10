// What every benchmark script shares: timestamped log lines, cleanup steps that run on
// success, failure and Ctrl-C, a small HTTP client, the `items` collection the records,
// import and webhook benchmarks all load, a run's throw-away database and Redis prefix,
// and its results file.

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { createBenchDatabase } from './database.mjs';

export const PASSWORD = 'plum-tree-lantern-42';
/** The keys every benchmarked process shares (production mode refuses to start without them). */
export const BENCH_SECRETS = Object.freeze({
  JWT_SECRET: 'bench-jwt-secret-0123456789abcdef0123456789abcdef',
  SECRET_FIELDS_KEY: 'bench-secret-fields-key-0123456789abcdef01234567',
});
export const ADMIN_EMAIL = 'admin@bench.example.com';
export const RECORDS = '/api/v1/collections/items/records';

export const log = (message) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

// ---- cleanup: databases, processes and Redis keys go away on success, error and Ctrl-C ----

export const cleanups = [];
let cleaning;

export function cleanup() {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const step = cleanups.pop();
      try {
        await step();
      } catch (error) {
        console.error(`bench: cleanup step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- HTTP ----------------------------------------------------------------------------------

/** JSON in and out; `raw` sends a body as is with its `contentType`. */
export async function call(base, method, path, { token, body, raw, contentType } = {}) {
  const response = await globalThis.fetch(`${base}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(contentType ? { 'content-type': contentType } : {}),
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await response.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, body: json, text, headers: response.headers };
}

export async function expectStatus(promise, status, what) {
  const response = await promise;
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status}: ${response.text}`);
  return response.body;
}

// ---- the `items` collection ----------------------------------------------------------------

/** Anyone lists and views, signed-in users create, update and delete: every write compiles a rule. */
export const ITEMS_COLLECTION = {
  name: 'items',
  rules: {
    list: '',
    view: '',
    create: '@request.auth.id != null',
    update: '@request.auth.id != null',
    delete: '@request.auth.id != null',
  },
  fields: [
    { name: 'title', type: 'text', options: { required: true } },
    { name: 'price', type: 'number', options: { precision: 10, scale: 2, indexed: true } },
    { name: 'qty', type: 'integer', options: { indexed: true } },
    { name: 'active', type: 'boolean' },
    { name: 'tags', type: 'json' },
  ],
};

/** Creates the first admin and the `items` collection; returns the admin's sign-in answer. */
export async function setupAdminAndItems(url) {
  const admin = await expectStatus(
    call(url, 'POST', '/api/v1/auth/setup', { body: { email: ADMIN_EMAIL, password: PASSWORD } }),
    201,
    'setup',
  );
  await expectStatus(
    call(url, 'POST', '/api/v1/collections', { token: admin.access_token, body: ITEMS_COLLECTION }),
    201,
    'create collection',
  );
  return admin;
}

// ---- a run's resources and its results ------------------------------------------------------

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS = resolve(ROOT, 'bench/results');

/**
 * Builds the server if stale, creates a throw-away database and picks a Redis key prefix; both
 * are removed by `cleanup()`.
 */
export async function prepareRun({ adminUrl, redisUrl }) {
  const built = spawnSync(process.execPath, [resolve(ROOT, 'scripts/ensure-built.mjs'), '--server'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (built.status !== 0) throw new Error('the build failed (node scripts/ensure-built.mjs)');

  const database = await createBenchDatabase(adminUrl);
  cleanups.push(() => database.drop());
  log(`database ${database.name}`);

  const redisPrefix = `stagecraft_bench_${randomBytes(4).toString('hex')}`;
  cleanups.push(async () => {
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });
  return { database, redisPrefix };
}

/** Writes bench/results/<kind>-<timestamp>.json with the commit and the machine; returns its path. */
export function writeResults(kind, results) {
  mkdirSync(RESULTS, { recursive: true });
  const out = resolve(RESULTS, `${kind}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const gitCommit = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout?.trim();
  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  writeFileSync(
    out,
    `${JSON.stringify({ date: new Date().toISOString(), gitCommit, machine, ...results }, null, 2)}\n`,
  );
  return out;
}
