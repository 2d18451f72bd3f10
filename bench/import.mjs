// `npm run bench:import`: the import benchmark. Creates a throw-away database, starts the built
// API and worker on loopback, creates the records benchmark's `items` collection, then uploads
// a generated CSV of 100,000 items (BENCH_IMPORT_RUNS times) and follows each job through
// GET /api/v1/jobs/{id} until it completes. Prints rows/s per run and the median, checks the
// target (at least 20,000 rows/s from the upload's first byte to the job's completion), and
// writes bench/results/import-<timestamp>.json. See bench/README.md.
//
// Environment: BENCH_DATABASE_URL, REDIS_URL, BENCH_IMPORT_ROWS (100000), BENCH_IMPORT_RUNS (3),
// BENCH_IMPORT_MODE (all_or_nothing | skip_invalid), IMPORT_BATCH_SIZE (the server's default),
// BENCH_PROFILE=1 (run the worker under --cpu-prof and print its hot spots).

import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  prepareRun,
  writeResults,
  setupAdminAndItems,
  BENCH_SECRETS,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { cpuProfileTarget, profileLines, readCpuProfile } from './lib/profile.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = resolve(ROOT, 'bench/results');
const env = process.env;
const TARGET_ROWS_PER_SECOND = 20_000;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  rows: Number(env.BENCH_IMPORT_ROWS ?? 100_000),
  runs: Number(env.BENCH_IMPORT_RUNS ?? 3),
  mode: env.BENCH_IMPORT_MODE ?? 'all_or_nothing',
  batchSize: env.IMPORT_BATCH_SIZE,
  profile: env.BENCH_PROFILE === '1',
};
for (const key of ['rows', 'runs']) {
  if (!Number.isInteger(config[key]) || config[key] < 1) {
    console.error(`bench: ${key} must be a positive integer`);
    process.exit(2);
  }
}
if (!['all_or_nothing', 'skip_invalid'].includes(config.mode)) {
  console.error('bench: BENCH_IMPORT_MODE must be all_or_nothing or skip_invalid');
  process.exit(2);
}

// ---- the file -----------------------------------------------------------------------------

/** `rows` items like the records benchmark's: title, price 0.00–999.99, qty 0–199, 75% active, two tags. */
function itemsCsv(rows, run) {
  const lines = ['title,price,qty,active,tags'];
  for (let i = 0; i < rows; i++) {
    const price = ((i * 7919) % 100_000) / 100;
    lines.push(
      `Item ${run}-${i},${price},${i % 200},${i % 4 === 0 ? 'false' : 'true'},"[""tag${i % 10}"",""tag${(i % 7) + 10}""]"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

// ---- set-up -------------------------------------------------------------------------------

function serverEnv(port, databaseUrl, redisPrefix, filesDir) {
  return {
    PATH: env.PATH,
    HOME: env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    ...BENCH_SECRETS,
    FILES_DIR: filesDir,
    IMPORT_MAX_BYTES: String(1024 * 1024 * 1024),
    ...(config.batchSize ? { IMPORT_BATCH_SIZE: config.batchSize } : {}),
  };
}

async function startServers(databaseUrl, redisPrefix, filesDir) {
  const port = await freePort();
  const api = startNode('Stagecraft API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    env: serverEnv(port, databaseUrl, redisPrefix, filesDir),
  });
  cleanups.push(() => api.stop());
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(api, `${url}/health/live`);

  const healthPort = await freePort();
  const profile = config.profile ? cpuProfileTarget(RESULTS, 'worker') : undefined;
  const worker = startNode('Stagecraft worker', resolve(ROOT, 'dist/apps/worker/src/main.js'), {
    cwd: ROOT,
    nodeArgs: profile?.nodeArgs ?? [],
    env: { ...serverEnv(port, databaseUrl, redisPrefix, filesDir), WORKER_HEALTH_PORT: String(healthPort) },
  });
  cleanups.push(() => worker.stop());
  await waitUntilReady(worker, `http://127.0.0.1:${healthPort}/health/ready`);
  return { url, api, worker, profileDir: profile?.dir };
}

async function prepare(url) {
  return (await setupAdminAndItems(url)).access_token;
}

async function countItems(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query('SELECT count(*)::int AS n FROM data.items')).rows[0].n;
  } finally {
    await client.end();
  }
}

/** One upload followed to completion; times from the first byte sent and as the worker saw it. */
async function importOnce(url, token, run) {
  const body = itemsCsv(config.rows, run);
  const started = Date.now();
  const accepted = await expectStatus(
    call(url, 'POST', `/api/v1/collections/items/import?mode=${config.mode}`, {
      token,
      raw: body,
      contentType: 'text/csv',
    }),
    202,
    'import',
  );
  const uploadedMs = Date.now() - started;
  let progressReports = 0;
  let lastProcessed = -1;
  for (;;) {
    const job = await expectStatus(call(url, 'GET', `/api/v1/jobs/${accepted.id}`, { token }), 200, 'job');
    const processed = job.progress?.processed;
    if (job.state === 'active' && typeof processed === 'number' && processed !== lastProcessed) {
      progressReports += 1;
      lastProcessed = processed;
    }
    if (job.state === 'failed') throw new Error(`import failed: ${job.failed_reason}`);
    if (job.state === 'completed') {
      if (job.result.inserted !== config.rows)
        throw new Error(`import inserted ${job.result.inserted} rows, not ${config.rows}`);
      const finishedAt = Date.parse(job.finished_at);
      const endToEndMs = finishedAt - started;
      const workerMs = finishedAt - Date.parse(job.processed_at);
      return {
        run,
        bytes: Buffer.byteLength(body),
        uploadedMs,
        workerMs,
        endToEndMs,
        rowsPerSecond: config.rows / (endToEndMs / 1000),
        workerRowsPerSecond: config.rows / (workerMs / 1000),
        progressReports,
      };
    }
    await sleep(50);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---- main ---------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  log(`${config.runs} × ${config.rows} CSV rows, mode ${config.mode}`);
  const { database, redisPrefix } = await prepareRun(config);
  const filesDir = mkdtempSync(join(tmpdir(), 'stagecraft-bench-files-'));
  cleanups.push(() => rmSync(filesDir, { recursive: true, force: true }));

  const servers = await startServers(database.url, redisPrefix, filesDir);
  log(`API on ${servers.url}, worker running`);
  const token = await prepare(servers.url);

  const runs = [];
  for (let run = 1; run <= config.runs; run++) {
    const result = await importOnce(servers.url, token, run);
    runs.push(result);
    log(
      `run ${run}: ${result.rowsPerSecond.toFixed(0)} rows/s end to end (${(result.endToEndMs / 1000).toFixed(2)} s; upload ${result.uploadedMs} ms, worker ${result.workerRowsPerSecond.toFixed(0)} rows/s, ${result.progressReports} progress reports seen)`,
    );
  }
  const rowsInTable = await countItems(database.url);
  if (rowsInTable !== config.rows * config.runs)
    throw new Error(`the table holds ${rowsInTable} rows, not ${config.rows * config.runs}`);

  await servers.worker.stop();
  await servers.api.stop();
  const profile = servers.profileDir ? readCpuProfile(servers.profileDir) : undefined;

  const rate = median(runs.map((r) => r.rowsPerSecond));
  const passed = rate >= TARGET_ROWS_PER_SECOND;
  console.log(`\nImport benchmark: ${config.runs} × ${config.rows} CSV rows into items (${config.mode})\n`);
  console.log('run | rows/s (end to end) | seconds | upload ms | worker rows/s');
  for (const r of runs) {
    console.log(
      `${String(r.run).padStart(3)} | ${r.rowsPerSecond.toFixed(0).padStart(19)} | ${(r.endToEndMs / 1000).toFixed(2).padStart(7)} | ${String(r.uploadedMs).padStart(9)} | ${r.workerRowsPerSecond.toFixed(0).padStart(13)}`,
    );
  }
  console.log(`\nmedian: ${rate.toFixed(0)} rows/s end to end (upload, validation, insert)`);
  console.log(`${passed ? 'PASS' : 'MISS'} import at least ${TARGET_ROWS_PER_SECOND} rows/s: ${rate.toFixed(0)}`);
  if (profile) console.log(`\nWorker CPU profile (${profile.file}):\n${profileLines(profile).join('\n')}`);

  const out = writeResults('import', {
    config: { ...config, adminUrl: undefined },
    runs,
    medianRowsPerSecond: rate,
    target: { rowsPerSecond: TARGET_ROWS_PER_SECOND, passed },
    profile,
    totalSeconds: (Date.now() - started) / 1000,
  });
  console.log(`\nresults: ${out}`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  return passed;
}

try {
  await main();
  await cleanup();
  process.exit(0);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
