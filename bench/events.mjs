// `npm run bench:events`: does the events pipeline keep up? Starts the built API and one worker
// (dist/) on a throw-away database, a webhook receiver on loopback (answers 204) and one
// webhook on `items`, then:
//
// 1. Sustained load: BENCH_RATE single-record creates per second (default 300) for
//    BENCH_EVENTS_DURATION seconds (default 180), paced by the clock, not by the answers, after
//    BENCH_WARMUP seconds (default 10) of the same load that are not measured.
//    For every event it measures commit → relay (outbox created_at → sent_at, both from
//    PostgreSQL's clock) and commit → webhook sent (the event's timestamp → its arrival at the
//    receiver), overall and per 30 s window, so a lag that grows shows as a rising p99.
// 2. Backlog: with the worker stopped, the API's sustainable create rate is measured first, as
//    the records benchmark does (wrk, single creates, 2 threads × 32 connections, 3 s warm-up
//    and 10 s measured); then array creates of 500 bring the backlog to BENCH_BACKLOG events
//    (default 50,000). The worker starts and the run times how fast it relays, dispatches
//    (creates every delivery) and delivers them, and checks dispatch against 5× the create
//    rate. With BENCH_HOLD_DELIVERIES=1 the `webhooks` queue is paused until every delivery is
//    created, so dispatch is timed alone (not sharing the machine with the deliveries), and
//    delivery after it.
//
// Prints PASS/MISS against the targets (webhook lag p99 ≤ 1 s in every window, relay lag p99
// ≤ 50 ms, no event lost or sent twice) and writes bench/results/events-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL, REDIS_URL, BENCH_RATE (300), BENCH_EVENTS_DURATION (s, 180),
// BENCH_BACKLOG (50000; 0 skips it), BENCH_WARMUP (s, 10), BENCH_TIMEOUT (s to wait for deliveries after a phase, 120),
// BENCH_HOLD_DELIVERIES (0), BENCH_PROFILE (1: the backlog phase's worker runs under --cpu-prof and
// its hot spots are printed).

import { Buffer } from 'node:buffer';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Agent, createServer, request } from 'node:http';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  prepareRun,
  writeResults,
  RECORDS,
  RESULTS,
  setupAdminAndItems,
  BENCH_SECRETS,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { cpuProfileTarget, profileLines, readCpuProfile } from './lib/profile.mjs';
import { measureWrk } from './lib/wrk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  rate: Number(env.BENCH_RATE ?? 300),
  duration: Number(env.BENCH_EVENTS_DURATION ?? 180),
  backlog: Number(env.BENCH_BACKLOG ?? 50_000),
  warmup: Number(env.BENCH_WARMUP ?? 10),
  timeout: Number(env.BENCH_TIMEOUT ?? 120),
  holdDeliveries: env.BENCH_HOLD_DELIVERIES === '1',
  profile: env.BENCH_PROFILE === '1',
};
for (const key of ['rate', 'duration', 'timeout', 'backlog', 'warmup']) {
  if (!Number.isInteger(config[key]) || config[key] < (['backlog', 'warmup'].includes(key) ? 0 : 1)) {
    console.error(`bench:events: ${key} must be a positive integer`);
    process.exit(2);
  }
}

const TARGETS = { webhookP99Ms: 1000, relayP99Ms: 50, dispatchOverCreates: 5 };
/** The create-rate measurement, as in the records benchmark. */
const CREATE_LOAD = { connections: 32, threads: 2, warmupS: 3, durationS: 10 };
const WINDOW_S = 30;
const TICK_MS = 20;
/** Past this many creates waiting for an answer, the API is not keeping up: count, do not pile on. */
const MAX_IN_FLIGHT = 256;
const BACKLOG_BATCH = 500;

/** Keeps, per event id, the event's timestamp and when it first arrived; counts repeats. */
async function startReceiver() {
  const arrivals = new Map();
  let repeats = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const arrivedAt = Date.now();
      res.writeHead(204).end();
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (arrivals.has(event.id)) repeats += 1;
      else arrivals.set(event.id, { committedAt: Date.parse(event.timestamp), arrivedAt });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    arrivals,
    repeats: () => repeats,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function summarise(values) {
  const sorted = Float64Array.from(values).sort();
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length > 0 ? sorted[sorted.length - 1] : Number.NaN,
  };
}

/** One POST on a keep-alive agent; resolves with the status (0 when the request failed). */
function post(agent, target, headers, body) {
  return new Promise((done) => {
    const req = request(target, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', () => done(0));
    req.end(body);
  });
}

/** Open-loop creates at `rate`/s for `seconds`; returns how many were sent, answered 201, failed, or skipped. */
async function sustainedCreates(url, token, rate, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const tally = { sent: 0, created: 0, failed: 0, skipped: 0 };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const target = new globalThis.URL(RECORDS, url);
  const started = Date.now();
  const end = started + seconds * 1000;
  const pending = new Set();
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (tally.sent + tally.skipped < due) {
      if (pending.size >= MAX_IN_FLIGHT) {
        tally.skipped += 1;
        continue;
      }
      tally.sent += 1;
      const n = tally.sent;
      const body = JSON.stringify({ title: `item ${n}`, qty: n % 200, price: n % 1000, active: n % 4 !== 0 });
      const done = post(agent, target, headers, body).then((status) => {
        if (status === 201) tally.created += 1;
        else tally.failed += 1;
        pending.delete(done);
      });
      pending.add(done);
    }
    await sleep(TICK_MS);
  }
  await Promise.all(pending);
  agent.destroy();
  return tally;
}

async function waitForArrivals(receiver, count, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  while (receiver.arrivals.size < count) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}

/** Commit → relay lags (ms) of the events made since `since`, with their commit times. */
async function relayLags(db, since) {
  const { rows } = await db.query(
    `SELECT extract(epoch FROM created_at) * 1000 AS committed,
            extract(epoch FROM sent_at - created_at) * 1000 AS lag
       FROM stagecraft.outbox WHERE created_at >= $1 AND sent_at IS NOT NULL`,
    [since],
  );
  return rows.map((row) => ({ committedAt: Number(row.committed), lag: Number(row.lag) }));
}

/** Per WINDOW_S window of commit time: the p99 of `lag`. */
function windows(samples, startedAt) {
  const byWindow = new Map();
  for (const { committedAt, lag } of samples) {
    const index = Math.floor((committedAt - startedAt) / (WINDOW_S * 1000));
    if (index < 0) continue;
    if (!byWindow.has(index)) byWindow.set(index, []);
    byWindow.get(index).push(lag);
  }
  return [...byWindow.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, lags]) => ({ from: index * WINDOW_S, ...summarise(lags) }));
}

const ms = (value) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 1 : 0)} ms` : '-');

async function sustainedPhase({ url, token, receiver, db }) {
  if (config.warmup > 0) {
    log(`warm-up: ${config.rate} creates/s for ${config.warmup} s, not measured`);
    // Counted before the creates: those delivered while they run are part of the wait.
    const arrived = receiver.arrivals.size;
    const warm = await sustainedCreates(url, token, config.rate, config.warmup);
    if (!(await waitForArrivals(receiver, arrived + warm.created, config.timeout))) {
      throw new Error(`the warm-up's ${warm.created} events were not all delivered within ${config.timeout} s`);
    }
  }
  log(`sustained load: ${config.rate} creates/s for ${config.duration} s`);
  const before = receiver.arrivals.size;
  const startedAt = Date.now();
  const tally = await sustainedCreates(url, token, config.rate, config.duration);
  log(`writes done: ${tally.created} created, ${tally.failed} failed, ${tally.skipped} skipped`);
  const complete = await waitForArrivals(receiver, before + tally.created, config.timeout);
  const deliveries = [...receiver.arrivals.values()].filter(({ committedAt }) => committedAt >= startedAt);
  const webhook = deliveries.map(({ committedAt, arrivedAt }) => ({ committedAt, lag: arrivedAt - committedAt }));
  const relay = await relayLags(db, new Date(startedAt));
  // The seconds (from the start of the measurement) in which some event waited over 300 ms: when a
  // window's p99 is high, this says whether it was one stall or a steady lag.
  const slowSeconds = [
    ...new Set(webhook.filter((s) => s.lag > 300).map((s) => Math.floor((s.committedAt - startedAt) / 1000))),
  ];
  return {
    tally,
    complete,
    slowSeconds,
    delivered: deliveries.length,
    repeats: receiver.repeats(),
    webhook: { ...summarise(webhook.map((s) => s.lag)), windows: windows(webhook, startedAt) },
    relay: { ...summarise(relay.map((s) => s.lag)), windows: windows(relay, startedAt) },
  };
}

/** Resolves once `count` deliveries made since `since` exist. */
/**
 * Until `count` deliveries exist. Counting them takes PostgreSQL a while, so while events still
 * wait (in the outbox or the events queue) only that cheap question is asked.
 */
async function waitForDeliveries(db, eventsQueue, since, count, timeoutS) {
  const deadline = Date.now() + timeoutS * 1000;
  for (;;) {
    const unsent = await db.query(`SELECT EXISTS (SELECT 1 FROM stagecraft.outbox WHERE sent_at IS NULL) AS waiting`);
    const queued = await eventsQueue.getJobCounts('wait', 'active', 'delayed', 'prioritized');
    const waiting = unsent.rows[0].waiting || Object.values(queued).some((n) => n > 0);
    const made = waiting
      ? undefined
      : (await db.query(`SELECT count(*)::int AS n FROM stagecraft.webhook_deliveries WHERE created_at >= $1`, [since]))
          .rows[0].n;
    if (made !== undefined && made >= count) return;
    if (Date.now() > deadline) throw new Error(`not all ${count} deliveries made within ${timeoutS} s`);
    await sleep(100);
  }
}

/** Single creates under wrk: the API's sustainable create rate (req/s), with nothing else running. */
async function measureCreateRate(url, token, apiPid) {
  // records.lua reads an id list whatever the operation; creates use none of it.
  const idsFile = resolve(tmpdir(), `stagecraft-events-bench-ids-${process.pid}`);
  writeFileSync(idsFile, '00000000-0000-7000-8000-000000000000\n');
  cleanups.push(() => rmSync(idsFile, { force: true }));
  const run = (duration) =>
    measureWrk({
      url,
      connections: CREATE_LOAD.connections,
      threads: CREATE_LOAD.threads,
      duration,
      serverPid: apiPid,
      env: { BENCH_OP: 'create', BENCH_TOKEN: token, BENCH_IDS: idsFile },
    });
  const warm = await run(CREATE_LOAD.warmupS);
  const measured = await run(CREATE_LOAD.durationS);
  if (measured.non2xx > 0 || measured.errors > 0) {
    throw new Error(`creates under wrk failed: ${measured.non2xx} non-2xx, ${measured.errors} errors`);
  }
  return {
    perSecond: measured.rps,
    p99: measured.p99,
    wrkCpu: measured.wrkCpu,
    created: warm.requests + measured.requests,
  };
}

async function backlogPhase({ url, token, receiver, db, startWorker, stopWorker, webhooksQueue, eventsQueue, apiPid }) {
  log('backlog: stopping the worker; measuring the create rate');
  await stopWorker();
  const before = receiver.arrivals.size;
  const backlogSince = new Date();
  const creates = await measureCreateRate(url, token, apiPid);
  log(`${creates.perSecond.toFixed(0)} creates/s (p99 ${creates.p99.toFixed(1)} ms); writing the rest of the backlog`);
  const events = Math.max(config.backlog, creates.created);
  for (let written = creates.created; written < events; written += BACKLOG_BATCH) {
    const size = Math.min(BACKLOG_BATCH, events - written);
    const body = Array.from({ length: size }, (_, i) => ({ title: `backlog ${written + i}`, qty: i % 200 }));
    await expectStatus(call(url, 'POST', RECORDS, { token, body }), 201, 'backlog create');
  }
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM stagecraft.outbox WHERE sent_at IS NULL`);
  log(`${rows[0].n} events wait in the outbox; starting the worker`);
  if (config.holdDeliveries) await webhooksQueue.pause();
  await startWorker({ profiled: config.profile });
  let releasedAt;
  if (config.holdDeliveries) {
    await waitForDeliveries(db, eventsQueue, backlogSince, events, config.timeout);
    releasedAt = Date.now();
    await webhooksQueue.resume();
  }
  const complete = await waitForArrivals(receiver, before + events, config.timeout);
  const finishedAt = Math.max(...[...receiver.arrivals.values()].map((a) => a.arrivedAt));
  // Timed from the relay's first batch, so the worker's start-up is not counted.
  const times = (
    await db.query(
      `SELECT extract(epoch FROM min(o.sent_at)) * 1000 AS first, extract(epoch FROM max(o.sent_at)) * 1000 AS relayed,
              extract(epoch FROM (SELECT max(created_at) FROM stagecraft.webhook_deliveries WHERE created_at >= $1)) * 1000
                AS dispatched
         FROM stagecraft.outbox o WHERE o.created_at >= $1 AND o.collection = 'items'`,
      [backlogSince],
    )
  ).rows[0];
  const seconds = (until, from = times.first) => (Number(until) - Number(from)) / 1000;
  // Held: delivery is timed from the release, as it had the machine to itself from then.
  const deliverSeconds = seconds(finishedAt, releasedAt ?? times.first);
  return {
    events,
    complete,
    deliveriesHeld: config.holdDeliveries,
    creates,
    relaySeconds: seconds(times.relayed),
    dispatchSeconds: seconds(times.dispatched),
    deliverSeconds,
    relayPerSecond: events / seconds(times.relayed),
    dispatchPerSecond: events / seconds(times.dispatched),
    deliverPerSecond: events / deliverSeconds,
  };
}

function report(sustained, backlog) {
  const lines = [];
  const check = (ok, text) => lines.push(`${ok ? 'PASS' : 'MISS'}: ${text}`);
  console.log(`\nEvents benchmark: ${config.rate} creates/s for ${config.duration} s, one webhook\n`);
  console.log(
    `creates: ${sustained.tally.created} answered 201, ${sustained.tally.failed} failed, ${sustained.tally.skipped} not sent (API behind)`,
  );
  console.log(`deliveries: ${sustained.delivered} events received, ${sustained.repeats} sent twice`);
  console.log(
    `seconds with an event delivered over 300 ms after its commit: ${sustained.slowSeconds.join(', ') || 'none'}\n`,
  );
  console.log('window (s) | relay p50 | relay p99 | webhook p50 | webhook p99 | webhook max');
  const count = Math.max(sustained.relay.windows.length, sustained.webhook.windows.length);
  for (let i = 0; i < count; i++) {
    const r = sustained.relay.windows[i] ?? {};
    const w = sustained.webhook.windows[i] ?? {};
    console.log(
      `${String(i * WINDOW_S).padStart(4)}–${String((i + 1) * WINDOW_S).padEnd(5)} | ${ms(r.p50).padStart(9)} | ${ms(r.p99).padStart(9)} | ${ms(w.p50).padStart(11)} | ${ms(w.p99).padStart(11)} | ${ms(w.max).padStart(11)}`,
    );
  }
  console.log(
    `all        | ${ms(sustained.relay.p50).padStart(9)} | ${ms(sustained.relay.p99).padStart(9)} | ${ms(sustained.webhook.p50).padStart(11)} | ${ms(sustained.webhook.p99).padStart(11)} | ${ms(sustained.webhook.max).padStart(11)}\n`,
  );
  const worstWindow = Math.max(...sustained.webhook.windows.map((w) => w.p99));
  check(
    sustained.complete && sustained.tally.failed === 0 && sustained.tally.skipped === 0,
    `every create answered 201 and every event was delivered (${sustained.delivered} of ${sustained.tally.created})`,
  );
  check(sustained.repeats === 0, `no event delivered twice (${sustained.repeats})`);
  check(
    worstWindow <= TARGETS.webhookP99Ms,
    `commit → webhook sent p99 ≤ ${TARGETS.webhookP99Ms} ms in every ${WINDOW_S} s window (worst ${ms(worstWindow)}, overall ${ms(sustained.webhook.p99)})`,
  );
  check(
    sustained.relay.p99 <= TARGETS.relayP99Ms,
    `commit → relay p99 ≤ ${TARGETS.relayP99Ms} ms (${ms(sustained.relay.p99)})`,
  );
  if (backlog) {
    const held = backlog.deliveriesHeld ? ', deliveries held until every one was made; delivery timed from then' : '';
    console.log(
      `\nbacklog of ${backlog.events} events, worker started${held}: relayed in ${backlog.relaySeconds.toFixed(1)} s (${backlog.relayPerSecond.toFixed(0)}/s), ` +
        `dispatched in ${backlog.dispatchSeconds.toFixed(1)} s (${backlog.dispatchPerSecond.toFixed(0)} events/s), ` +
        `delivered in ${backlog.deliverSeconds.toFixed(1)} s (${backlog.deliverPerSecond.toFixed(0)}/s)`,
    );
    check(backlog.complete, `the backlog was delivered within ${config.timeout} s`);
    const ratio = backlog.dispatchPerSecond / backlog.creates.perSecond;
    check(
      ratio >= TARGETS.dispatchOverCreates,
      `dispatch ≥ ${TARGETS.dispatchOverCreates}× the API's sustainable create rate (${backlog.dispatchPerSecond.toFixed(0)} events/s ÷ ${backlog.creates.perSecond.toFixed(0)} creates/s = ${ratio.toFixed(2)}×; wrk took ${(backlog.creates.wrkCpu * 100).toFixed(0)} % of a core)`,
    );
  }
  console.log(`\n${lines.join('\n')}`);
  return lines.every((line) => line.startsWith('PASS'));
}

async function main() {
  const { database, redisPrefix } = await prepareRun(config);
  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const db = new pg.Client({ connectionString: database.url });

  const [apiPort, healthPort] = [await freePort(), await freePort()];
  const shared = {
    PATH: env.PATH,
    HOME: env.HOME,
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    ...BENCH_SECRETS,
  };
  const api = startNode('Stagecraft API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    env: { ...shared, HOST: '127.0.0.1', PORT: String(apiPort), PUBLIC_URL: `http://127.0.0.1:${apiPort}` },
  });
  cleanups.push(() => api.stop());
  const url = `http://127.0.0.1:${apiPort}`;
  await waitUntilReady(api, `${url}/health/live`);
  await db.connect();
  cleanups.push(() => db.end());

  let worker;
  let profile;
  const startWorker = async ({ profiled = false } = {}) => {
    profile = profiled ? cpuProfileTarget(RESULTS, 'events-worker') : undefined;
    worker = startNode('Stagecraft worker', resolve(ROOT, 'dist/apps/worker/src/main.js'), {
      cwd: ROOT,
      env: { ...shared, WORKER_HEALTH_PORT: String(healthPort) },
      nodeArgs: profile?.nodeArgs ?? [],
    });
    cleanups.push(() => worker.stop());
    await waitUntilReady(worker, `http://127.0.0.1:${healthPort}/health/ready`);
  };
  await startWorker();
  log(`API on ${url}, worker ready`);

  const queueConnection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  cleanups.push(() => queueConnection.quit());
  const webhooksQueue = new Queue('webhooks', { connection: queueConnection, prefix: `${redisPrefix}:bull` });
  cleanups.push(() => webhooksQueue.close());
  const eventsQueue = new Queue('events', { connection: queueConnection, prefix: `${redisPrefix}:bull` });
  cleanups.push(() => eventsQueue.close());
  const token = (await setupAdminAndItems(url)).access_token;
  await expectStatus(
    call(url, 'POST', '/api/v1/webhooks', {
      token,
      body: { name: 'bench', url: receiver.url, collections: ['items'] },
    }),
    201,
    'create webhook',
  );
  await expectStatus(call(url, 'POST', RECORDS, { token, body: { title: 'warm-up', qty: 0 } }), 201, 'warm-up');
  if (!(await waitForArrivals(receiver, 1, 30))) throw new Error('the warm-up event was not delivered');

  const sustained = await sustainedPhase({ url, token, receiver, db });
  const backlog =
    config.backlog > 0
      ? await backlogPhase({
          url,
          token,
          receiver,
          db,
          startWorker,
          stopWorker: () => worker.stop(),
          webhooksQueue,
          eventsQueue,
          apiPid: api.child.pid,
        })
      : undefined;
  const passed = report(sustained, backlog);
  if (profile) {
    await worker.stop();
    const summary = readCpuProfile(profile.dir);
    if (summary) console.log(`\nBacklog worker CPU profile (${summary.file}):\n${profileLines(summary).join('\n')}`);
  }
  const out = writeResults('events', {
    config: { ...config, adminUrl: undefined },
    sustained,
    backlog,
    passed,
    workerOutput: worker.output().trim().split('\n').filter(Boolean).slice(-15),
  });
  console.log(`\nresults: ${out}`);
  return passed;
}

try {
  const passed = await main();
  await cleanup();
  process.exit(passed ? 0 : 1);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
