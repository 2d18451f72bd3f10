// `npm run bench`: the records benchmark. Creates a throw-away database, starts the built
// Stagecraft API and the hand-written floor (bench/baseline/server.mjs) on loopback, seeds
// 100,000 items, checks both servers answer the same, then loads each operation with wrk
// (bench/wrk/records.lua: 2 threads, 32 connections, 3 s warm-up, 10 s measured, the bearer
// token of a normal user) on one server at a time, in two rounds: Stagecraft then the floor,
// then the floor then Stagecraft. Prints req/s, p50 and p99 per round, the ratio of matched
// rounds, the API's memory and wrk's own CPU, the target checks, and writes
// bench/results/records-<timestamp>.json. See bench/README.md.
//
// Environment: BENCH_DATABASE_URL (server to create the database on), REDIS_URL,
// BENCH_DURATION (s per measurement, default 10), BENCH_WARMUP (s, default 3),
// BENCH_PROCESS_WARMUP (s of unmeasured load on each server before its first measurement, 10),
// BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_ROWS (100000), BENCH_DELETE_RATE (most
// deletes per second and wrk thread that the seeded rows allow for, 8000), BENCH_ONLY (comma list of operations), BENCH_PROFILE=1 (run
// the API and the floor under --cpu-prof and print their hot spots), BENCH_API_NODE_OPTIONS (the
// API's NODE_OPTIONS; by default those `npm start` uses), BENCH_API_NODE_ARGS (node arguments
// NODE_OPTIONS refuses, such as --trace-gc).

import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  prepareRun,
  writeResults,
  PASSWORD,
  RECORDS,
  setupAdminAndItems,
  BENCH_SECRETS,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL, itemIds, seedDeletable, seedItems } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { profileLines, summariseProfile } from './lib/profile.mjs';
import { checkLines, checks, resourcesTable, table } from './lib/report.mjs';
import { measureWrk } from './lib/wrk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = resolve(ROOT, 'bench/results');
const env = process.env;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  duration: Number(env.BENCH_DURATION ?? 10),
  connections: Number(env.BENCH_CONNECTIONS ?? 32),
  threads: Number(env.BENCH_THREADS ?? 2),
  rows: Number(env.BENCH_ROWS ?? 100_000),
  deleteRate: Number(env.BENCH_DELETE_RATE ?? 8000),
  processWarmup: Number(env.BENCH_PROCESS_WARMUP ?? 10),
  only: env.BENCH_ONLY ? env.BENCH_ONLY.split(',').map((s) => s.trim()) : undefined,
  profile: env.BENCH_PROFILE === '1',
  poolSize: 10, // Stagecraft's DATABASE_POOL_SIZE default; the baseline gets the same
};
config.warmup = Number(env.BENCH_WARMUP ?? 3);
for (const key of ['duration', 'connections', 'threads', 'rows', 'deleteRate', 'warmup', 'processWarmup']) {
  if (!Number.isFinite(config[key]) || config[key] < (['warmup', 'processWarmup'].includes(key) ? 0 : 1)) {
    console.error(`bench: ${key} must be a positive number`);
    process.exit(2);
  }
}

const FILTER = 'qty > 50 && active = true';
const LIST_QUERY = `filter=${encodeURIComponent(FILTER)}&sort=-price&limit=20`;
const DEEP_OFFSET = 50_000;

// ---- operations ----------------------------------------------------------------------------

/** In the order they run; deletes last, as they seed and then remove their own rows. */
const OPERATIONS = ['get', 'list', 'offset_page', 'cursor_page', 'create', 'patch', 'mixed', 'delete'].filter(
  (name) => !config.only || config.only.includes(name),
);
const ROUNDS = [
  ['stagecraft', 'baseline'],
  ['baseline', 'stagecraft'],
];

// ---- set-up -----------------------------------------------------------------------------

async function startStagecraft(databaseUrl, redisPrefix) {
  const port = await freePort();
  // Arguments NODE_OPTIONS refuses, such as --trace-gc.
  const nodeArgs = (env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const profileDir = config.profile ? newProfileDir('api') : undefined;
  if (profileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const api = startNode('Stagecraft API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    nodeArgs,
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: 'production',
      // As `npm start` and docker-compose.yml run the API.
      NODE_OPTIONS: env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=16',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(config.poolSize),
      REDIS_URL: config.redisUrl,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'warn',
      ...BENCH_SECRETS,
      ACCESS_TOKEN_TTL_SECONDS: '3600',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(api, `${url}/health/live`);
  return { proc: api, url, profileDir };
}

/** A fresh directory for one process's CPU profile. */
function newProfileDir(name) {
  const dir = resolve(RESULTS, 'profiles', `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** The summary of the profile a stopped process wrote into `dir`, if any. */
function profileIn(dir) {
  const file = dir && readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  return file ? { file: resolve(dir, file), ...summariseProfile(resolve(dir, file)) } : undefined;
}

async function startBaseline(databaseUrl, { token, userId }) {
  const port = await freePort();
  // Profiled too, so the two servers' hot spots can be compared like for like.
  const profileDir = config.profile ? newProfileDir('floor') : undefined;
  const proc = startNode('baseline', resolve(ROOT, 'bench/baseline/server.mjs'), {
    cwd: ROOT,
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: String(config.poolSize),
      BENCH_TOKEN: token,
      BENCH_USER_ID: userId,
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilReady(proc, `${url}/health/live`);
  return { proc, url, profileDir };
}

/** The first admin, the `items` collection, and the normal user whose token drives the load. */
async function prepareStagecraft(url) {
  await setupAdminAndItems(url);
  const user = await expectStatus(
    call(url, 'POST', '/api/v1/auth/register', { body: { email: 'client@bench.example.com', password: PASSWORD } }),
    201,
    'register',
  );
  return { token: user.access_token, userId: user.user.id };
}

/** The record with the key order of Stagecraft's responses, for a strict comparison. */
const canonical = (value) => JSON.stringify(value);

/** Both servers must answer the same before their speeds are compared. */
async function sameAnswers(stagecraft, baseline, token, ids) {
  const both = (method, path, body) =>
    Promise.all([stagecraft.url, baseline.url].map((base) => call(base, method, path, { token, body })));
  const problems = [];
  const compare = (what, [s, b], pick = (r) => r.body) => {
    if (s.status !== b.status)
      problems.push(`${what}: status ${s.status} vs ${b.status}: ${s.text.slice(0, 300)} | ${b.text.slice(0, 300)}`);
    else if (canonical(pick(s)) !== canonical(pick(b)))
      problems.push(
        `${what}: bodies differ:\n  stagecraft ${canonical(pick(s)).slice(0, 400)}\n  baseline   ${canonical(pick(b)).slice(0, 400)}`,
      );
  };
  compare('get', await both('GET', `${RECORDS}/${ids[0]}`));
  compare('list', await both('GET', `${RECORDS}?${LIST_QUERY}`));
  const offset = await both('GET', `${RECORDS}?${LIST_QUERY}&offset=${DEEP_OFFSET}&count=exact`);
  compare('offset page', offset);
  // A cursor for the page at DEEP_OFFSET: the nextCursor of the 20 records before it.
  const before = await both('GET', `${RECORDS}?${LIST_QUERY}&offset=${DEEP_OFFSET - 20}`);
  compare('page before the offset page', before);
  const cursors = { stagecraft: before[0].body?.meta?.nextCursor, baseline: before[1].body?.meta?.nextCursor };
  if (!cursors.stagecraft || !cursors.baseline) throw new Error(`no cursor at offset ${DEEP_OFFSET - 20}`);
  const cursorPage = await Promise.all(
    [stagecraft.url, baseline.url].map((base, i) =>
      call(base, 'GET', `${RECORDS}?${LIST_QUERY}&cursor=${encodeURIComponent(Object.values(cursors)[i])}`, { token }),
    ),
  );
  compare('cursor page', cursorPage, (r) => r.body?.data);
  if (canonical(cursorPage[0].body?.data) !== canonical(offset[0].body?.data))
    problems.push('cursor page: not the same records as the offset page');
  if ((offset[0].body?.data?.length ?? 0) !== 20)
    problems.push(`offset page: ${offset[0].body?.data?.length} records, not 20`);
  // Writes that leave the measured pages unchanged: qty 1 never matches the filter.
  const created = await both('POST', RECORDS, { title: 'check', price: 1.5, qty: 1, active: false, tags: ['a'] });
  compare('create (shape)', created, (r) => Object.keys(r.body?.data ?? {}));
  if (created[0].status !== 201) problems.push(`create: status ${created[0].status}`);
  const current = (await call(stagecraft.url, 'GET', `${RECORDS}/${ids[1]}`, { token })).body?.data;
  const patched = await both('PATCH', `${RECORDS}/${ids[1]}`, { qty: current?.qty });
  compare('patch (shape)', patched, (r) => Object.keys(r.body?.data ?? {}));
  if (patched[0].status !== 200) problems.push(`patch: status ${patched[0].status}`);
  const doomed = await both('POST', RECORDS, { title: 'doomed', price: 0, qty: 0, active: false, tags: [] });
  const deleted = await Promise.all(
    [stagecraft.url, baseline.url].map((base, i) =>
      call(base, 'DELETE', `${RECORDS}/${doomed[i].body?.data?.id}`, { token }),
    ),
  );
  compare('delete', deleted, (r) => r.text);
  if (deleted[0].status !== 204) problems.push(`delete: status ${deleted[0].status}`);
  if (problems.length > 0) throw new Error(`the servers do not answer the same:\n${problems.join('\n')}`);
  return cursors;
}

// ---- main -------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  log(
    `duration ${config.duration}s (+${config.warmup}s warm-up), ${config.connections} connections, ${config.rows} rows`,
  );

  const { database, redisPrefix } = await prepareRun(config);

  const stagecraft = await startStagecraft(database.url, redisPrefix);
  cleanups.push(() => stagecraft.proc.stop());
  log(`Stagecraft API on ${stagecraft.url}`);
  const { token, userId } = await prepareStagecraft(stagecraft.url);

  const seeded = await seedItems(database.url, { rows: config.rows, createdBy: userId });
  log(`seeded ${seeded.total} items in ${seeded.seconds.toFixed(1)}s (${seeded.matching} match "${FILTER}")`);
  if (seeded.matching < DEEP_OFFSET + 20)
    log(`warning: fewer than ${DEEP_OFFSET + 20} rows match; the deep pages are short`);
  const ids = await itemIds(database.url);

  const baseline = await startBaseline(database.url, { token, userId });
  cleanups.push(() => baseline.proc.stop());
  log(`floor on ${baseline.url}`);

  const cursors = await sameAnswers(stagecraft, baseline, token, ids);
  log('both servers answer the same (get, list, offset page with count, cursor page, create, patch, delete)');

  const files = mkdtempSync(resolve(tmpdir(), 'stagecraft-bench-'));
  cleanups.push(() => rmSync(files, { recursive: true, force: true }));
  const idsFile = resolve(files, 'ids.txt');
  writeFileSync(idsFile, `${ids.join('\n')}\n`);
  const deleteFile = resolve(files, 'delete-ids.txt');
  // The ids to delete, and where the next run's blocks start in them.
  let deletable = [];
  let deleteNext = 0;

  const servers = { stagecraft, baseline };
  // A new process runs its code unoptimised until V8 has seen enough of it, and the API has
  // far more code than the floor: the first operation measured would carry that start, not
  // the server's steady speed. Both servers get the same unmeasured load first.
  if (config.processWarmup > 0) {
    for (const server of Object.values(servers)) {
      await measureWrk({
        url: server.url,
        connections: config.connections,
        threads: config.threads,
        duration: config.processWarmup,
        serverPid: server.proc.child.pid,
        env: { BENCH_OP: 'mixed', BENCH_TOKEN: token, BENCH_IDS: idsFile, BENCH_LIST_QUERY: LIST_QUERY },
      });
    }
    log(`both servers warmed up (${config.processWarmup} s of mixed load each, not measured)`);
  }
  const results = {};
  for (const op of OPERATIONS) {
    if (op === 'delete') {
      // Each wrk thread of each run deletes from a block of its own; a run that outran its block
      // would send ids that no longer exist, and its 404s would show as failures.
      const runs = ROUNDS.length * 2;
      const rows = runs * config.threads * config.deleteRate * (config.warmup + config.duration);
      deletable = await seedDeletable(database.url, { rows, createdBy: userId });
      log(`seeded ${deletable.length} items to delete`);
    }
    results[op] = { rounds: [] };
    for (const order of ROUNDS) {
      const round = {};
      for (const server of order) {
        const run = async (duration) => {
          // Each run's file holds only its own blocks, so wrk's threads load no more than they use.
          if (op === 'delete') {
            const runIds = deletable.slice(deleteNext, deleteNext + config.threads * config.deleteRate * duration);
            writeFileSync(deleteFile, `${runIds.join('\n')}\n`);
          }
          const result = await measureWrk({
            url: servers[server].url,
            connections: config.connections,
            threads: config.threads,
            duration,
            serverPid: servers[server].proc.child.pid,
            env: {
              BENCH_OP: op,
              BENCH_TOKEN: token,
              BENCH_IDS: idsFile,
              BENCH_LIST_QUERY: LIST_QUERY,
              BENCH_DEEP_OFFSET: String(DEEP_OFFSET),
              BENCH_CURSOR: encodeURIComponent(cursors[server]),
              BENCH_DELETE_IDS: deleteFile,
              BENCH_DELETE_START: '0',
              BENCH_DELETE_BLOCK: String(config.deleteRate * duration),
            },
          });
          if (op === 'delete') deleteNext += config.threads * config.deleteRate * duration;
          return result;
        };
        if (config.warmup > 0) await run(config.warmup);
        const result = await run(config.duration);
        round[server] = result;
        log(
          `${op.padEnd(12)} round ${results[op].rounds.length + 1} ${server.padEnd(10)} ${result.rps.toFixed(0).padStart(6)} req/s  ` +
            `p50 ${result.p50.toFixed(1)} ms  p99 ${result.p99.toFixed(1)} ms  CPU ${(result.serverCpu * 100).toFixed(0)} % ` +
            `(${result.serverCpuMsPerRequest.toFixed(3)} ms/req)  wrk CPU ${(result.wrkCpu * 100).toFixed(0)} %` +
            (server === 'stagecraft' ? `  RSS ${result.serverRssMiB.toFixed(0)} MiB` : '') +
            (result.non2xx + result.errors > 0 ? `  (${result.non2xx} non-2xx, ${result.errors} socket errors)` : ''),
        );
      }
      results[op].rounds.push(round);
    }
  }

  // Stop the servers now, so they write their CPU profiles before the summary.
  await stagecraft.proc.stop();
  await baseline.proc.stop();
  const apiOutput = stagecraft.proc.output().trim().split('\n').filter(Boolean).slice(-15);
  const profile = profileIn(stagecraft.profileDir);
  const floorProfile = profileIn(baseline.profileDir);

  const targetChecks = checks(results);
  console.log(
    `\nRecords benchmark: ${config.rows} items, wrk ${config.threads} threads × ${config.connections} connections, ${config.duration} s per measurement\n`,
  );
  console.log(table(results));
  console.log(
    '\n(req/s: 2xx responses per second; p50/p99: latency in ms; ratio: Stagecraft ÷ floor in the same round)\n',
  );
  console.log(resourcesTable(results));
  console.log('');
  console.log(checkLines(targetChecks).join('\n'));
  if (apiOutput.length > 0)
    console.log(`\nLast lines the Stagecraft API logged (LOG_LEVEL=warn):\n${apiOutput.join('\n')}`);
  if (profile) console.log(`\nStagecraft API CPU profile (${profile.file}):\n${profileLines(profile).join('\n')}`);
  if (floorProfile)
    console.log(`\nFloor CPU profile (${floorProfile.file}):\n${profileLines(floorProfile).join('\n')}`);

  const out = writeResults('records', {
    config: { ...config, adminUrl: undefined, filter: FILTER, sort: '-price', limit: 20, deepOffset: DEEP_OFFSET },
    seeded,
    results,
    checks: targetChecks,
    profile,
    floorProfile,
    apiOutput,
    totalSeconds: (Date.now() - started) / 1000,
  });
  console.log(`\nresults: ${out}`);
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)}s`);
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
