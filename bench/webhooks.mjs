// `npm run bench:webhooks`: webhook deliveries per second, end to end. Creates a throw-away
// database, starts the built API and worker (dist/) on loopback, a receiver (node:http,
// answers 204) and one webhook on `items`, then writes BENCH_EVENTS records through the API
// in array creates and times until the receiver has every event: record write → outbox →
// relay → `events` queue → dispatch → `webhooks` queue → signed POST. Bounded by
// BENCH_TIMEOUT seconds. Prints deliveries/s and writes bench/results/webhooks-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL (server to create the database on), REDIS_URL,
// BENCH_EVENTS (default 5000), BENCH_BATCH (records per create request, 100),
// BENCH_TIMEOUT (s, 180), WEBHOOK_CONCURRENCY (the worker's, default 16), BENCH_PROFILE=1 (run
// the worker under --cpu-prof and print its hot spots).

import { createServer } from 'node:http';
import { dirname, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
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
  RECORDS,
  setupAdminAndItems,
  BENCH_SECRETS,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { cpuProfileTarget, profileLines, readCpuProfile } from './lib/profile.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  events: Number(env.BENCH_EVENTS ?? 5000),
  batch: Number(env.BENCH_BATCH ?? 100),
  timeout: Number(env.BENCH_TIMEOUT ?? 180),
  concurrency: Number(env.WEBHOOK_CONCURRENCY ?? 16),
  profile: env.BENCH_PROFILE === '1',
};
for (const key of ['events', 'batch', 'timeout', 'concurrency']) {
  if (!Number.isInteger(config[key]) || config[key] < 1) {
    console.error(`bench:webhooks: ${key} must be a positive integer`);
    process.exit(2);
  }
}

/** Counts distinct events (webhook-id) and when each first arrived; answers 204 at once. */
async function startReceiver() {
  const firstSeen = new Map();
  let requests = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      requests += 1;
      const id = request.headers['webhook-id'];
      if (typeof id === 'string' && !firstSeen.has(id)) firstSeen.set(id, performance.now());
      response.writeHead(204).end();
    });
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${server.address().port}/hooks`,
    firstSeen,
    requests: () => requests,
    /** Forgets what arrived so far (the warm-up). */
    reset: () => {
      firstSeen.clear();
      requests = 0;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(done);
      }),
  };
}

async function waitForDeliveries(receiver, count, deadline) {
  while (receiver.firstSeen.size < count) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** Seconds after `since` when the last event was relayed and the last delivery created. */
async function phaseTimes(databaseUrl, since) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT extract(epoch FROM (SELECT max(sent_at) FROM stagecraft.outbox) - $1::timestamptz)::float AS relayed,
              extract(epoch FROM (SELECT max(created_at) FROM stagecraft.webhook_deliveries) - $1::timestamptz)::float
                AS dispatched`,
      [since],
    );
    return rows[0];
  } finally {
    await client.end();
  }
}

async function main() {
  log(`${config.events} events in creates of ${config.batch}, worker concurrency ${config.concurrency}`);
  const { database, redisPrefix } = await prepareRun(config);

  const receiver = await startReceiver();
  cleanups.push(() => receiver.close());

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
    WEBHOOK_CONCURRENCY: String(config.concurrency),
    ...BENCH_SECRETS,
  };
  const api = startNode('Stagecraft API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    env: { ...shared, HOST: '127.0.0.1', PORT: String(apiPort), PUBLIC_URL: `http://127.0.0.1:${apiPort}` },
  });
  cleanups.push(() => api.stop());
  const url = `http://127.0.0.1:${apiPort}`;
  await waitUntilReady(api, `${url}/health/live`);
  // The API migrates the database first; the worker starts on the migrated schema.
  const profileTarget = config.profile
    ? cpuProfileTarget(resolve(ROOT, 'bench/results'), 'webhooks-worker')
    : undefined;
  const worker = startNode('Stagecraft worker', resolve(ROOT, 'dist/apps/worker/src/main.js'), {
    cwd: ROOT,
    nodeArgs: profileTarget?.nodeArgs ?? [],
    env: { ...shared, WORKER_HEALTH_PORT: String(healthPort) },
  });
  cleanups.push(() => worker.stop());
  await waitUntilReady(worker, `http://127.0.0.1:${healthPort}/health/ready`);
  log(`API on ${url}, worker ready`);

  const token = (await setupAdminAndItems(url)).access_token;
  await expectStatus(
    call(url, 'POST', '/api/v1/webhooks', {
      token,
      body: { name: 'bench', url: receiver.url, collections: ['items'] },
    }),
    201,
    'create webhook',
  );

  // Warm-up: one event through the whole path (schema caches, pools, agents).
  await expectStatus(call(url, 'POST', RECORDS, { token, body: { title: 'warm-up', qty: 0 } }), 201, 'warm-up');
  if (!(await waitForDeliveries(receiver, 1, performance.now() + 30_000))) throw new Error('warm-up not delivered');
  receiver.reset();

  const startedAt = new Date();
  const started = performance.now();
  const deadline = started + config.timeout * 1000;
  for (let written = 0; written < config.events; written += config.batch) {
    const size = Math.min(config.batch, config.events - written);
    const body = Array.from({ length: size }, (_, i) => ({ title: `item ${written + i}`, qty: (written + i) % 200 }));
    await expectStatus(call(url, 'POST', RECORDS, { token, body }), 201, 'create records');
  }
  const writesDone = performance.now();
  const complete = await waitForDeliveries(receiver, config.events, deadline);
  const finished = complete ? Math.max(...receiver.firstSeen.values()) : performance.now();
  const delivered = receiver.firstSeen.size;
  const seconds = (finished - started) / 1000;
  const rate = delivered / seconds;

  const phases = await phaseTimes(database.url, startedAt);

  console.log(`\nWebhooks benchmark: ${config.events} record events to one webhook on loopback\n`);
  console.log(
    `writes (${Math.ceil(config.events / config.batch)} creates): ${((writesDone - started) / 1000).toFixed(1)} s`,
  );
  console.log(`delivered: ${delivered} of ${config.events} events (${receiver.requests()} requests)`);
  console.log(`first write → last delivery: ${seconds.toFixed(1)} s`);
  console.log(
    `last event relayed to the queue: ${phases.relayed.toFixed(1)} s, last delivery created: ${phases.dispatched.toFixed(1)} s`,
  );
  console.log(`deliveries/s: ${rate.toFixed(0)}`);
  if (!complete) console.log(`MISS: not every event was delivered within ${config.timeout} s`);
  let profile;
  if (profileTarget) {
    await worker.stop(); // writes the profile
    profile = readCpuProfile(profileTarget.dir);
    if (profile) console.log(`\nWorker CPU profile (${profile.file}):\n${profileLines(profile).join('\n')}`);
  }

  const out = writeResults('webhooks', {
    config: { ...config, adminUrl: undefined },
    delivered,
    requests: receiver.requests(),
    writeSeconds: (writesDone - started) / 1000,
    seconds,
    deliveriesPerSecond: rate,
    phases,
    complete,
    profile,
    workerOutput: worker.output().trim().split('\n').filter(Boolean).slice(-15),
  });
  console.log(`\nresults: ${out}`);
  return complete;
}

try {
  const complete = await main();
  await cleanup();
  process.exit(complete ? 0 : 1);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
