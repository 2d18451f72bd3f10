// `npm run bench:soak`: does Stagecraft stay up under steady load while things fail? Two built
// API instances and two workers behind HAProxy, on a throw-away database and the soak's own
// Redis, take SOAK_RATE requests/s (80 % reads, 20 % writes, bench/wrk/soak.lua) for
// SOAK_MINUTES, with realtime SSE subscribers connected and a webhook receiving. Meanwhile
// Redis restarts once, a worker is killed (SIGKILL) and replaced, and an API instance is
// stopped (SIGTERM) and started again. Then it waits for the events to drain and prints
// p50/p99 and errors by status per period (a minute in a 5-minute run), inside and outside the
// fault windows, memory per process over time, events written vs delivered, and PASS/MISS per
// target. Results go to bench/results/soak-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL, SOAK_RATE (1000), SOAK_MINUTES (5), SOAK_CONNECTIONS (64),
// SOAK_SUBSCRIBERS (20), SOAK_ROWS (10000), SOAK_WARMUP (s, 10), SOAK_DRAIN_SECONDS (60),
// SOAK_FAULTS (1; 0 runs without faults), SOAK_REDIS_KEEP_DATA (1; 0 restarts Redis empty),
// SOAK_WORKERS (2), BENCH_API_NODE_OPTIONS (the APIs' NODE_OPTIONS; npm start's by default),
// BENCH_PROFILE (1: a CPU profile of each API and worker, summarised at the end).

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DEFAULT_ADMIN_URL, itemIds, seedItems } from './lib/database.mjs';
import {
  BENCH_SECRETS,
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  PASSWORD,
  prepareRun,
  RESULTS,
  setupAdminAndItems,
  writeResults,
} from './lib/harness.mjs';
import { profileLines } from './lib/profile.mjs';
import { startCluster } from './lib/soak-cluster.mjs';
import { GRACE_SECONDS, NO_ANSWER, requestLogReader, startLoad, UNMATCHED } from './lib/soak-load.mjs';
import { instanceAt, startSubscriber, startWebhookReceiver } from './lib/soak-listeners.mjs';
import { startRedis } from './lib/soak-redis.mjs';
import { RUNTIME_HEADER, runtimeRows, runtimeText, watchApis } from './lib/soak-runtime.mjs';
import {
  countedErrors,
  errorText,
  inWindow,
  memoryByPeriod,
  memoryTable,
  periodRows,
  periodTable,
  render,
  sampleProcesses,
  summarise,
} from './lib/soak-report.mjs';

const env = process.env;
const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  rate: Number(env.SOAK_RATE ?? 1000),
  minutes: Number(env.SOAK_MINUTES ?? 5),
  connections: Number(env.SOAK_CONNECTIONS ?? 64),
  threads: 2,
  subscribers: Number(env.SOAK_SUBSCRIBERS ?? 20),
  rows: Number(env.SOAK_ROWS ?? 10_000),
  warmup: Number(env.SOAK_WARMUP ?? 10),
  drainSeconds: Number(env.SOAK_DRAIN_SECONDS ?? 60),
  faults: env.SOAK_FAULTS !== '0',
  redisKeepData: env.SOAK_REDIS_KEEP_DATA !== '0',
  profile: env.BENCH_PROFILE === '1',
};
for (const key of ['rate', 'minutes', 'connections', 'subscribers', 'rows', 'warmup', 'drainSeconds']) {
  const min = key === 'warmup' || key === 'subscribers' ? 0 : key === 'minutes' ? 0.1 : 1;
  if (!Number.isFinite(config[key]) || config[key] < min) {
    console.error(`bench:soak: ${key} must be a number ≥ ${min}`);
    process.exit(2);
  }
}

const TARGETS = { p99Ms: 50, memoryDrift: 0.1, rateShare: 0.98 };
const LIST_QUERY = `filter=${encodeURIComponent('qty > 50 && active = true')}&sort=-price&limit=20`;
const MEMORY_SAMPLE_MS = 10_000;
/** Requests sent this long before a fault began may be answered during it. */
const WINDOW_BEFORE_MS = 1000;
const WINDOW_AFTER_MS = 5000;
const REDIS_DOWN_MS = 2000;
/** The processes whose memory the target is about: the APIs, the workers and the balancer. */
const OPS = { g: 'get', l: 'list', c: 'create', p: 'patch' };
const JUDGED = /^(api|worker)\d+$|^haproxy$/;

function requireTools() {
  for (const tool of ['wrk', 'haproxy', 'redis-server']) {
    if (spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0)
      throw new Error(`${tool} is not installed (apt-get install -y wrk haproxy redis-server)`);
  }
}

// ---- set-up ------------------------------------------------------------------------------------

async function setUp(files) {
  requireTools();
  // Started before the run's database, so that it is stopped after its keys are deleted.
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  log(`own Redis on ${redis.url}`);
  const { database, redisPrefix } = await prepareRun({ adminUrl: config.adminUrl, redisUrl: redis.url });

  const receiver = await startWebhookReceiver();
  cleanups.push(() => receiver.close());
  const minutesUp = Math.ceil(config.minutes + (config.warmup + config.drainSeconds) / 60);
  const cluster = await startCluster({
    apis: 2,
    workers: Number(env.SOAK_WORKERS ?? 2),
    profileResults: config.profile ? RESULTS : undefined,
    env: {
      PATH: env.PATH,
      HOME: env.HOME,
      NODE_ENV: 'production',
      NODE_OPTIONS: env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=16',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redisPrefix,
      LOG_LEVEL: 'warn',
      WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
      RATE_LIMIT_AUTH_PER_IP: '100000',
      REALTIME_MAX_CONNECTIONS_PER_USER: '1000',
      REALTIME_MAX_CONNECTIONS_PER_IP: '1000',
      // The tokens must outlive the run; an expired one would end the streams.
      ACCESS_TOKEN_TTL_SECONDS: String(Math.max(900, (minutesUp + 10) * 60)),
      // As behind any balancer: fail readiness first, so HAProxy (checking every 200 ms) moves
      // new requests elsewhere before the instance stops taking them.
      SHUTDOWN_READINESS_DELAY_MS: '1000',
      ...BENCH_SECRETS,
    },
  });
  log(`2 API instances and 2 workers behind HAProxy at ${cluster.url}`);

  const admin = await setupAdminAndItems(cluster.url);
  const user = await expectStatus(
    call(cluster.url, 'POST', '/api/v1/auth/register', {
      body: { email: 'soak@bench.example.com', password: PASSWORD },
    }),
    201,
    'register',
  );
  const seeded = await seedItems(database.url, { rows: config.rows, createdBy: user.user.id });
  const idsFile = join(files, 'ids.txt');
  writeFileSync(idsFile, `${(await itemIds(database.url)).join('\n')}\n`);
  log(`seeded ${seeded.total} items`);

  await expectStatus(
    call(cluster.url, 'POST', '/api/v1/webhooks', {
      token: admin.access_token,
      body: { name: 'soak', url: receiver.url, collections: ['items'] },
    }),
    201,
    'create webhook',
  );
  const subscribers = Array.from({ length: config.subscribers }, () =>
    startSubscriber({ url: cluster.url, token: user.access_token, topic: 'items' }),
  );
  cleanups.push(() => subscribers.forEach((s) => s.close()));
  const ready = await Promise.race([Promise.all(subscribers.map((s) => s.ready)).then(() => true), sleep(30_000)]);
  if (!ready) throw new Error('the realtime subscribers did not all subscribe within 30 s');
  log(`${config.subscribers} SSE subscribers on items, webhook receiver at ${receiver.url}`);
  return { database, redis, cluster, receiver, subscribers, token: user.access_token, idsFile };
}

// ---- load and faults -----------------------------------------------------------------------------

/** The faults, at fixed shares of the run (minutes 1.5, 2.5 and 3.5 of a 5-minute run). */
function faultPlan({ redis, cluster }) {
  return [
    {
      name: 'Redis restart',
      at: 0.3,
      action: () => redis.restart({ downMs: REDIS_DOWN_MS, keepData: config.redisKeepData }),
    },
    { name: 'worker SIGKILL + replacement', at: 0.5, action: () => cluster.killWorker(cluster.workers[0]) },
    { name: 'API SIGTERM + restart', at: 0.7, action: () => cluster.restartApi(cluster.apis[1]) },
  ];
}

async function runFaults(plan, startedAt, durationMs, windows) {
  const done = [];
  for (const fault of plan) {
    await sleep(Math.max(0, startedAt + fault.at * durationMs - Date.now()));
    const from = Date.now();
    log(`fault: ${fault.name}`);
    let error;
    try {
      await fault.action();
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
      log(`fault ${fault.name} did not recover: ${error}`);
    }
    const to = Date.now();
    log(`fault: ${fault.name} over after ${((to - from) / 1000).toFixed(1)} s`);
    windows.push({ name: fault.name, from: from - WINDOW_BEFORE_MS, to: to + WINDOW_AFTER_MS });
    done.push({ name: fault.name, atSeconds: (from - startedAt) / 1000, seconds: (to - from) / 1000, error });
  }
  return done;
}

function loadEnv(token, idsFile) {
  return { SOAK_TOKEN: token, SOAK_IDS: idsFile, SOAK_LIST_QUERY: LIST_QUERY };
}

async function warmUp({ cluster, token, idsFile }, files) {
  if (config.warmup === 0) return;
  log(`warm-up: ${config.rate} req/s for ${config.warmup} s, not measured`);
  const logDir = join(files, 'warmup');
  mkdirSync(logDir);
  const load = startLoad({
    url: cluster.url,
    rate: config.rate,
    seconds: config.warmup,
    threads: config.threads,
    connections: config.connections,
    logDir,
    env: loadEnv(token, idsFile),
  });
  cleanups.push(() => load.stop());
  await load.finished;
}

/** The measured run: load, faults and memory samples; prints a line per period as it goes. */
async function soak(ctx, files) {
  const durationMs = config.minutes * 60_000;
  const periodCount = Math.max(5, Math.round(config.minutes));
  const periodMs = durationMs / periodCount;
  const logDir = join(files, 'load');
  mkdirSync(logDir);
  const readNew = requestLogReader(logDir);
  log(`soak: ${config.rate} req/s for ${config.minutes} min, ${periodCount} periods of ${periodMs / 1000} s`);
  const runtime = await watchApis(ctx.cluster.apis);
  const runtimeByPeriod = [];
  const startedAt = Date.now();
  const load = startLoad({
    url: ctx.cluster.url,
    rate: config.rate,
    seconds: Math.round(durationMs / 1000),
    threads: config.threads,
    connections: config.connections,
    logDir,
    env: loadEnv(ctx.token, ctx.idsFile),
  });
  cleanups.push(() => load.stop());
  const processes = sampleProcesses(
    () =>
      new Map([
        ...ctx.cluster.pids(),
        ['redis', ctx.redis.pid()],
        ['wrk', load.pid],
        ['bench (this process)', process.pid],
      ]),
    // At least two samples per period, also in a short run.
    { everyMs: Math.min(MEMORY_SAMPLE_MS, periodMs / 2), database: ctx.database.name },
  );
  const windows = [];
  const faults = config.faults ? runFaults(faultPlan(ctx), startedAt, durationMs, windows) : Promise.resolve([]);

  const periods = Array.from({ length: periodCount }, (_, i) => ({
    from: startedAt + i * periodMs,
    to: startedAt + (i + 1) * periodMs,
    seconds: periodMs / 1000,
    requests: [],
  }));
  const file = (requests) => {
    for (const request of requests) {
      const index = Math.min(periodCount - 1, Math.max(0, Math.floor((request.sent - startedAt) / periodMs)));
      periods[index].requests.push(request);
    }
  };
  // A progress line per period, a second after it ends (the final table has every answer).
  for (const period of periods) {
    const finished = await Promise.race([load.finished.then(() => true), sleep(period.to + 1000 - Date.now())]);
    file(readNew());
    const s = summarise(period.requests, period.seconds);
    log(
      `  ${((period.to - startedAt) / 1000).toFixed(0)} s: ${s.rate.toFixed(0)} req/s, p50 ${s.p50.toFixed(1)} ms, ` +
        `p99 ${s.p99.toFixed(1)} ms, errors ${errorText(s.errors)}; realtime ${ctx.subscribers.reduce((n, x) => n + x.state.changes, 0)}, ` +
        `webhooks ${ctx.receiver.requests()}`,
    );
    const inside = await runtime.periodEnded();
    runtimeByPeriod.push(inside);
    log(`    ${runtimeText(inside)}`);
    if (finished) break;
  }
  const wrkSummary = await load.finished;
  file(readNew());
  const cpu = processes.stop();
  return {
    startedAt,
    periods,
    windows,
    faults: await faults,
    wrkSummary,
    sampleSeconds: Math.min(MEMORY_SAMPLE_MS, periodMs / 2) / 1000,
    memorySamples: processes.samples,
    runtimeByPeriod,
    cpu,
    balancerChanges: [...ctx.cluster.balancer.changes],
  };
}

// ---- events: written vs delivered ----------------------------------------------------------------

async function outboxState(db) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE sent_at IS NULL)::int AS unsent
       FROM stagecraft.outbox WHERE collection = 'items'`,
  );
  return rows[0];
}

/** Waits (at most SOAK_DRAIN_SECONDS) until every event is relayed and delivered everywhere. */
async function drain(db, { receiver, subscribers }) {
  const deadline = Date.now() + config.drainSeconds * 1000;
  const started = Date.now();
  const realtimeCount = () => subscribers.reduce((n, s) => n + s.state.changes, 0);
  let realtimeBefore = -1;
  for (;;) {
    const { total, unsent } = await outboxState(db);
    // Realtime is done when nothing more arrives (what is missing is counted afterwards).
    const realtimeNow = realtimeCount();
    const realtimeSettled = realtimeNow === realtimeBefore;
    realtimeBefore = realtimeNow;
    if (unsent === 0 && receiver.byEventId.size >= total && realtimeSettled) break;
    if (Date.now() > deadline) {
      log(`drain: gave up after ${config.drainSeconds} s (${unsent} unsent, ${receiver.byEventId.size} of ${total})`);
      break;
    }
    await sleep(1000);
  }
  // Late duplicates (a stalled job run again) arrive a few seconds after the rest.
  await sleep(3000);
  return (Date.now() - started) / 1000;
}

async function tallyEvents(db, { receiver, subscribers }, requests, startedAt) {
  const { rows } = await db.query(
    `SELECT event_id::text AS id, feed_position AS position, action, extract(epoch FROM created_at) * 1000 AS at
       FROM stagecraft.outbox WHERE collection = 'items'`,
  );
  const written = new Set(rows.map((row) => row.id));
  let lost = 0;
  for (const id of written) if (!receiver.byEventId.has(id)) lost += 1;
  let twice = 0;
  let extraDeliveries = 0;
  let unknown = 0;
  const writtenAt = new Map(rows.map((row) => [row.id, Number(row.at)]));
  /** Second of the run (when the event was written) → events delivered more than once. */
  const twiceAt = {};
  for (const [id, count] of receiver.byEventId) {
    if (count > 1) {
      twice += 1;
      extraDeliveries += count - 1;
      const second = Math.floor((writtenAt.get(id) - startedAt) / 1000);
      twiceAt[second] = (twiceAt[second] ?? 0) + 1;
    }
    if (!written.has(id)) unknown += 1;
  }
  const feed = rows
    .map((row) => ({ position: Number(row.position), at: Number(row.at), action: row.action }))
    .filter((event) => Number.isFinite(event.position) && event.position > 0);
  let missing = 0;
  let doubled = 0;
  /** Second of the run (when the change was written) → changes some subscriber missed. */
  const missingAt = {};
  const missingActions = {};
  /** Instance that held the stream when the change was written → changes its subscribers missed. */
  const missingOn = {};
  /** Position → how many subscribers missed it: half of them is one API instance's share. */
  const missedBy = new Map();
  for (const { state } of subscribers) {
    for (const { position, at, action } of feed) {
      if (position <= state.startPosition) continue;
      const count = state.received.get(position);
      if (count === 0) {
        missing += 1;
        missedBy.set(position, (missedBy.get(position) ?? 0) + 1);
        const second = Math.floor((at - startedAt) / 1000);
        missingAt[second] = (missingAt[second] ?? 0) + 1;
        missingActions[action] = (missingActions[action] ?? 0) + 1;
        const instance = instanceAt(state, at);
        missingOn[instance] = (missingOn[instance] ?? 0) + 1;
      } else if (count > 1) doubled += count - 1;
    }
  }
  const acknowledged = requests.filter((r) => (r.op === 'c' || r.op === 'p') && r.status >= 200 && r.status < 300);
  return {
    written: written.size,
    writesAcknowledged: acknowledged.length,
    webhook: {
      distinct: receiver.byEventId.size,
      requests: receiver.requests(),
      lost,
      twice,
      twiceAt,
      extraDeliveries,
      unknown,
    },
    realtime: {
      subscribers: subscribers.length,
      missing,
      missingAt,
      missingActions,
      missingOn,
      missedBy: Object.fromEntries(missedBy),
      doubled,
      resets: subscribers.reduce((n, s) => n + s.state.resets, 0),
      reconnects: subscribers.reduce((n, s) => n + s.state.reconnects, 0),
    },
  };
}

const PINO_LEVELS = { 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** Distinct log messages per process, most frequent first: what went wrong, in the servers' words. */
function loggedMessages(outputs) {
  const lines = [];
  for (const [role, output] of outputs) {
    const counts = new Map();
    for (const line of output.split('\n').filter(Boolean)) {
      let message;
      try {
        const entry = JSON.parse(line);
        message = `${PINO_LEVELS[entry.level] ?? entry.level ?? ''} ${entry.msg ?? line}`.trim();
      } catch {
        message = line;
      }
      message = message.slice(0, 200);
      counts.set(message, (counts.get(message) ?? 0) + 1);
    }
    for (const [message, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 5))
      lines.push(`  ${role} ×${n}: ${message}`);
  }
  return lines;
}

// ---- verdict -------------------------------------------------------------------------------------

function verdict({ run, rows, events, memory }) {
  const requests = run.periods.flatMap((p) => p.requests);
  const outside = requests.filter((r) => !inWindow(run.windows, r.sent));
  const seconds = config.minutes * 60;
  const calm = summarise(outside, seconds);
  const lines = [];
  const check = (ok, text) => lines.push(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  const worstP99 = Math.max(...rows.map((row) => row.calm.p99).filter(Number.isFinite));
  check(
    calm.p99 < TARGETS.p99Ms && worstP99 < TARGETS.p99Ms,
    `p99 < ${TARGETS.p99Ms} ms outside the fault windows (${calm.p99.toFixed(1)} ms overall, worst period ${worstP99.toFixed(1)} ms)`,
  );
  const counted = countedErrors(calm.errors);
  check(counted === 0, `0 non-429 errors outside the fault windows (${counted}: ${errorText(calm.errors)})`);
  check(
    events.webhook.lost === 0,
    `0 events lost: ${events.written} written, ${events.webhook.distinct} delivered to the webhook, ${events.webhook.lost} lost`,
  );
  check(
    events.webhook.twice === 0,
    `0 events delivered twice with the same webhook-id (${events.webhook.twice} events, ${events.webhook.extraDeliveries} extra deliveries)`,
  );
  check(
    events.realtime.missing === 0 && events.realtime.doubled === 0,
    `realtime: every subscriber got every change once (${events.realtime.missing} missing, ${events.realtime.doubled} twice)`,
  );
  for (const { role, periods, restarted } of memory.filter((m) => JUDGED.test(m.role))) {
    const second = periods[1]?.rss;
    const last = periods.at(-1)?.rss;
    const drift = (last - second) / second;
    const text = `memory flat, ${role}: last period within ${TARGETS.memoryDrift * 100} % of the second (${second?.toFixed(0)} → ${last?.toFixed(0)} MiB, ${(drift * 100).toFixed(1)} %)`;
    if (restarted) lines.push(`info  ${text} — restarted during the run, not judged`);
    else if (!Number.isFinite(drift)) lines.push(`info  ${text} — not enough samples`);
    else check(Math.abs(drift) <= TARGETS.memoryDrift, text);
  }
  const sentRate = requests.length / seconds;
  check(
    sentRate >= TARGETS.rateShare * config.rate,
    `the load held ${config.rate} req/s (${sentRate.toFixed(0)} sent per second, ${run.wrkSummary.skipped} slots skipped)`,
  );
  return lines;
}

// ---- run -----------------------------------------------------------------------------------------

async function main() {
  const files = mkdtempSync(join(tmpdir(), 'stagecraft-soak-'));
  cleanups.push(() => rmSync(files, { recursive: true, force: true }));
  const ctx = await setUp(files);
  await warmUp(ctx, files);
  const run = await soak(ctx, files);

  const db = new pg.Client({ connectionString: ctx.database.url });
  await db.connect();
  cleanups.push(() => db.end());
  log('load over; waiting for the events to drain');
  const drainSeconds = await drain(db, ctx);
  const requests = run.periods.flatMap((p) => p.requests);
  const events = await tallyEvents(db, ctx, requests, run.startedAt);
  ctx.subscribers.forEach((s) => s.close());

  const rows = periodRows(run);
  const memory = memoryByPeriod(run.memorySamples, run.periods);
  const labels = rows.map((row) => row.label.replace(' *', ''));
  console.log(`\nSoak: ${config.rate} req/s for ${config.minutes} min through HAProxy to 2 APIs, 2 workers\n`);
  console.log(`Requests by period (sent in it; * = a fault window overlaps it):\n${periodTable(rows)}\n`);
  const w = run.wrkSummary;
  console.log(
    `wrk: ${w.requests} answers; socket errors: connect ${w.connect}, read ${w.read}, write ${w.write}, timeout ${w.timeout}; ` +
      `${w.skipped} slots skipped; no answer = none within ${GRACE_SECONDS} s of the last request sent\n`,
  );
  console.log(
    `Faults (window: 1 s before to 5 s after):\n${render(
      ['fault', 'at', 'lasted', 'result'],
      run.faults.map((f) => [
        f.name,
        `${f.atSeconds.toFixed(1)} s`,
        `${f.seconds.toFixed(1)} s`,
        f.error ?? 'recovered',
      ]),
    )}\n`,
  );
  const at = (t) => `${((t - run.startedAt) / 1000).toFixed(1)} s`;
  const unanswered = requests.filter((r) => r.latencyMs === NO_ANSWER && !inWindow(run.windows, r.sent));
  const unmatched = requests.filter((r) => r.latencyMs === UNMATCHED);
  if (unanswered.length > 0 || unmatched.length > 0)
    console.log(
      `Outside the fault windows, ${unanswered.length} requests got no answer (sent at ${unanswered
        .slice(0, 8)
        .map((r) => `${at(r.sent)} ${OPS[r.op] ?? r.op}`)
        .join(', ')}); ${unmatched.length} answers named no request of ours\n`,
    );
  const inside = requests.filter((r) => inWindow(run.windows, r.sent));
  const insideSummary = summarise(inside, 1);
  console.log(
    `Errors inside the fault windows: ${errorText(insideSummary.errors)} (of ${inside.length}; p99 ${insideSummary.p99.toFixed(1)} ms, max ${insideSummary.max.toFixed(0)} ms)`,
  );
  console.log(
    `\nRSS (MiB, mean per period, sampled every ${run.sampleSeconds} s; ↻ the process changed in it):\n${memoryTable(memory, labels)}\n`,
  );
  console.log(
    `Inside the APIs, per period (from their /metrics; GC pauses, event-loop delay, requests the API itself took over 50 ms):\n${render(
      RUNTIME_HEADER,
      runtimeRows(labels, run.runtimeByPeriod),
    )}\n`,
  );
  console.log(
    `CPU over the run, share of one core: ${Object.entries(run.cpu.cpu)
      .map(([role, share]) => `${role} ${(share * 100).toFixed(0)} %`)
      .join(', ')}; the machine was ${(run.cpu.machineBusy * 100).toFixed(0)} % busy (all its cores, everyone's work)`,
  );
  const downs = run.balancerChanges.filter((c) => c.state === 'DOWN');
  const calmDowns = downs.filter((c) => !inWindow(run.windows, c.t));
  console.log(
    `Balancer: ${downs.length} times a server went DOWN, ${calmDowns.length} outside the fault windows` +
      (calmDowns.length > 0
        ? `:\n${calmDowns
            .slice(0, 10)
            .map((c) => `  ${at(c.t)} ${c.server} ${c.detail}`)
            .join('\n')}`
        : ''),
  );
  console.log(
    `Events: ${events.written} written (${events.writesAcknowledged} writes answered 2xx); webhook: ${events.webhook.distinct} distinct ids ` +
      `delivered in ${events.webhook.requests} requests, ${events.webhook.lost} lost, ${events.webhook.twice} twice; realtime: ` +
      `${events.realtime.subscribers} subscribers, ${events.realtime.missing} missing, ${events.realtime.doubled} twice, ` +
      `${events.realtime.reconnects} reconnects, ${events.realtime.resets} resets; drained in ${drainSeconds.toFixed(0)} s`,
  );
  const drops = {};
  for (const { state } of ctx.subscribers)
    for (const drop of state.drops) {
      const key = `${Math.floor((drop.t - run.startedAt) / 1000)} s ${drop.why}`;
      drops[key] = (drops[key] ?? 0) + 1;
    }
  if (events.webhook.twice > 0)
    console.log(
      `Webhook events delivered twice, by the second of the run they were written in: ${Object.entries(
        events.webhook.twiceAt,
      )
        .map(([second, n]) => `${second} s: ${n}`)
        .join(', ')}`,
    );
  const messages = {};
  for (const { state } of ctx.subscribers)
    for (const [event, n] of Object.entries(state.events)) messages[event] = (messages[event] ?? 0) + n;
  console.log(
    `Realtime messages received: ${Object.entries(messages)
      .map(([event, n]) => `${event} ${n}`)
      .join(', ')}`,
  );
  if (Object.keys(drops).length > 0)
    console.log(
      `Realtime streams that ended (second of the run, why: how many): ${Object.entries(drops)
        .map(([key, n]) => `${key}: ${n}`)
        .join(', ')}`,
    );
  if (events.realtime.missing > 0)
    console.log(
      `Realtime changes missed, by the second of the run they were written in: ${Object.entries(
        events.realtime.missingAt,
      )
        .map(([second, n]) => `${second} s: ${n}`)
        .join(', ')} (${Object.entries(events.realtime.missingActions)
        .map(([action, n]) => `${action}: ${n}`)
        .join(', ')}); changes missed, by how many subscribers missed each: ${Object.entries(
        Object.values(events.realtime.missedBy).reduce((acc, k) => ({ ...acc, [k]: (acc[k] ?? 0) + 1 }), {}),
      )
        .map(([k, n]) => `${n} by ${k}`)
        .join(', ')}; by the instance their stream was on: ${Object.entries(events.realtime.missingOn)
        .map(([instance, n]) => `${instance} ${n}`)
        .join(', ')}`,
    );
  const logged = loggedMessages(ctx.cluster.output());
  if (logged.length > 0)
    console.log(
      `\nLogged by the APIs and workers (each process's last 20 kB, replaced ones included):\n${logged.join('\n')}`,
    );
  const lines = verdict({ run, rows, events, memory });
  console.log(`\n${lines.join('\n')}`);
  const out = writeResults('soak', {
    settings: { ...config, adminUrl: undefined },
    wrk: run.wrkSummary,
    periods: rows.map(({ label, all, calm }) => ({ label, all, outsideFaults: calm })),
    faults: run.faults,
    windows: run.windows,
    insideFaults: insideSummary,
    cpu: run.cpu,
    apisInside: run.runtimeByPeriod.map((figures) => Object.fromEntries(figures)),
    balancerChanges: run.balancerChanges.map((c) => ({ ...c, at: (c.t - run.startedAt) / 1000 })),
    memory: memory.map(({ role, periods, restarted }) => ({ role, restarted, rssMiB: periods.map((p) => p.rss) })),
    events,
    drainSeconds,
    checks: lines,
  });
  log(`results: ${out}`);
  if (config.profile) await printProfiles(ctx.cluster);
}

async function printProfiles(cluster) {
  for (const [role, profile] of await cluster.stopAndReadProfiles(12)) {
    if (profile) console.log(`\nCPU profile of ${role} (${profile.file}):\n${profileLines(profile).join('\n')}`);
    else console.log(`\n${role} left no CPU profile`);
  }
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
