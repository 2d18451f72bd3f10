// `npm run bench:realtime`: realtime fan-out under load. Starts two built API processes and one
// worker on a throw-away database, BENCH_USERS users (10) each holding BENCH_CONNECTIONS /
// BENCH_USERS SSE connections (1,000 in all), spread over both instances and subscribed to
// `notes`, whose list rule shows each user only their own notes (so every user is its own rule
// context). Then BENCH_RATE creates per second (200) for BENCH_REALTIME_DURATION seconds (60),
// each for a random user, paced by the clock, through both instances in turn.
//
// Measures write → delivery (the record's created_at → its arrival at each connection) p50/p99,
// deliveries per second, each instance's peak RSS and this process's own CPU, and checks that
// every connection got exactly the notes of its user (none missing, none twice, none of another
// user). Prints PASS/MISS against the targets (p99 ≤ 100 ms, no wrong or missing delivery, RSS ≤
// 300 MiB per instance) and writes bench/results/realtime-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL, REDIS_URL, BENCH_USERS (10), BENCH_CONNECTIONS (1000),
// BENCH_RATE (200), BENCH_REALTIME_DURATION (s, 60), BENCH_TIMEOUT (s to wait for the last deliveries, 30).

import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath, URL } from 'node:url';
import pg from 'pg';
import {
  ADMIN_EMAIL,
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  PASSWORD,
  prepareRun,
  writeResults,
  BENCH_SECRETS,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  users: Number(env.BENCH_USERS ?? 10),
  connections: Number(env.BENCH_CONNECTIONS ?? 1000),
  rate: Number(env.BENCH_RATE ?? 200),
  duration: Number(env.BENCH_REALTIME_DURATION ?? 60),
  timeout: Number(env.BENCH_TIMEOUT ?? 30),
};
for (const [key, value] of Object.entries(config)) {
  if (typeof value === 'number' && (!Number.isInteger(value) || value < 1)) {
    console.error(`bench:realtime: ${key} must be a positive integer`);
    process.exit(2);
  }
}

const TARGETS = { p99Ms: 100, rssMiB: 300 };
const COLLECTION = {
  name: 'notes',
  rules: {
    list: 'owner = @request.auth.id',
    view: 'owner = @request.auth.id',
    create: '@request.auth.id != null',
    update: 'owner = @request.auth.id',
    delete: 'owner = @request.auth.id',
  },
  fields: [
    { name: 'owner', type: 'relation', options: { kind: 'many_to_one', target: 'users', onDelete: 'cascade' } },
    { name: 'title', type: 'text' },
    { name: 'n', type: 'number' },
  ],
};

// ---- subscribers ------------------------------------------------------------------------------

/**
 * One SSE connection: counts the notes it receives (by id) and their write → delivery times.
 * It speaks HTTP/1.1 over a plain socket and reads only what it needs (the status, the chunked
 * body, the data line of `change` events): a thousand of them share this one process, which
 * shares the machine's two cores with the servers it measures, and Node's HTTP client took
 * about half of its CPU. Text is read as latin1 (a byte a character), so chunk sizes are
 * string lengths; the fields read are ASCII.
 */
function openSubscriber(url, token, user, latencies) {
  const received = new Map();
  let clientId;
  let resolveConnect;
  const connected = new Promise((resolve) => (resolveConnect = resolve));
  const { hostname, port } = new URL(url);
  // `onread` hands each read over in one shared buffer, without the stream machinery.
  const socket = connect({
    host: hostname,
    port: Number(port),
    onread: { buffer: READ_BUFFER, callback: (length, buffer) => onText(buffer.toString('latin1', 0, length)) },
  });
  socket.write(
    `GET /api/v1/realtime HTTP/1.1\r\nHost: ${hostname}:${port}\r\n` +
      `Authorization: Bearer ${token}\r\nAccept: text/event-stream\r\n\r\n`,
  );
  const body = chunkedBodyReader();
  let head = '';
  let events = '';
  function onText(text) {
    if (head !== undefined) {
      head += text;
      const end = head.indexOf('\r\n\r\n');
      if (end === -1) return;
      if (!head.startsWith('HTTP/1.1 200') || !/\r\ntransfer-encoding: chunked\r\n/i.test(head.slice(0, end + 2))) {
        resolveConnect(new Error(`stream answered ${head.slice(0, head.indexOf('\r\n'))}`));
        socket.destroy();
        return;
      }
      text = head.slice(end + 4);
      head = undefined;
    }
    events += body.read(text);
    let at = 0;
    for (let end = events.indexOf('\n\n'); end !== -1; end = events.indexOf('\n\n', at)) {
      readEvent(at, end);
      at = end + 2;
    }
    events = at === events.length ? '' : events.slice(at);
  }
  socket.on('error', (error) => resolveConnect(error));

  /** The event in `events` from `start` to `end`: `id: …`, `event: …`, `data: …` lines. */
  function readEvent(start, end) {
    const dataAt = events.indexOf('\ndata: ', start) + 7;
    if (dataAt === 6 || dataAt > end) return; // a heartbeat: no data
    if (events.startsWith('event: change', events.indexOf('event: ', start))) {
      const now = Date.now();
      const id = valueOf(events, '"id":"', dataAt);
      received.set(id, (received.get(id) ?? 0) + 1);
      if (valueOf(events, '"owner":"', dataAt) !== user.id) subscriber.wrong += 1;
      latencies.push(now - Date.parse(valueOf(events, '"created_at":"', dataAt)));
    } else if (events.startsWith('event: connect', events.indexOf('event: ', start))) {
      clientId = JSON.parse(events.slice(dataAt, end)).clientId;
      resolveConnect();
    }
  }

  const subscriber = {
    user,
    received,
    wrong: 0,
    connected,
    get clientId() {
      return clientId;
    },
    close: () => socket.destroy(),
  };
  return subscriber;
}

/** Every subscriber's socket reads into this one buffer; each read is decoded before the next. */
const READ_BUFFER = Buffer.alloc(64 * 1024);

/** Reads a chunked HTTP body as it arrives: `read(text)` returns the body text in `text`. */
function chunkedBodyReader() {
  let pending = '';
  let dataLeft = 0; // of the current chunk
  let crlfLeft = 0; // after the current chunk's data
  return {
    read(text) {
      pending = pending.length === 0 ? text : pending + text;
      let out = '';
      while (pending.length > 0) {
        if (dataLeft > 0) {
          const take = Math.min(dataLeft, pending.length);
          out += pending.length === take ? pending : pending.slice(0, take);
          pending = pending.length === take ? '' : pending.slice(take);
          dataLeft -= take;
          if (dataLeft === 0) crlfLeft = 2;
        } else if (crlfLeft > 0) {
          const skip = Math.min(crlfLeft, pending.length);
          pending = pending.slice(skip);
          crlfLeft -= skip;
        } else {
          const eol = pending.indexOf('\r\n');
          if (eol === -1) break;
          dataLeft = Number.parseInt(pending, 16); // stops at the line's end (or an extension)
          pending = pending.slice(eol + 2);
          if (dataLeft === 0) crlfLeft = 2; // the last chunk: the stream is over
        }
      }
      return out;
    },
  };
}

/** The string value after the first `marker` (`"name":"`) in `json`, searched from `from`. */
function valueOf(json, marker, from = 0) {
  const start = json.indexOf(marker, from) + marker.length;
  return json.slice(start, json.indexOf('"', start));
}

// ---- load -------------------------------------------------------------------------------------

/** BENCH_RATE creates per second for `seconds`, each for a random user, through the instances in turn. */
async function writeNotes(urls, token, users, rate, seconds) {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: 32 }));
  const written = new Map(); // note id → owner id
  const tally = { sent: 0, failed: 0 };
  const started = Date.now();
  const end = started + seconds * 1000;
  const pending = new Set();
  while (Date.now() < end) {
    const due = Math.floor(((Date.now() - started) / 1000) * rate);
    while (tally.sent < due) {
      tally.sent += 1;
      const n = tally.sent;
      const user = users[n % users.length];
      const index = n % urls.length;
      const body = JSON.stringify({ owner: user.id, title: `note ${n}`, n });
      const done = post(agents[index], `${urls[index]}/api/v1/collections/notes/records`, token, body).then(
        (answer) => {
          if (answer.status === 201) written.set(answer.id, user.id);
          else tally.failed += 1;
          pending.delete(done);
        },
      );
      pending.add(done);
    }
    await sleep(5);
  }
  await Promise.all(pending);
  for (const agent of agents) agent.destroy();
  return { written, ...tally };
}

function post(agent, url, token, body) {
  return new Promise((resolvePost) => {
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () =>
        resolvePost({ status: res.statusCode, id: res.statusCode === 201 ? JSON.parse(text).data.id : undefined }),
      );
    });
    req.on('error', () => resolvePost({ status: 0 }));
    req.end(body);
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100/s)
  } catch {
    return Number.NaN;
  }
}

/** Peak VmRSS of each pid, sampled every 250 ms until `stop()`. */
function sampleRss(pids) {
  const peaks = pids.map(() => 0);
  const timer = globalThis.setInterval(() => {
    pids.forEach((pid, index) => {
      try {
        const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
        peaks[index] = Math.max(peaks[index], kib / 1024);
      } catch {
        // the process is gone; its peak stays
      }
    });
  }, 250);
  return { peaks, stop: () => globalThis.clearInterval(timer) };
}

/** Commit → relay lag of the notes written (outbox created_at → sent_at), in ms. */
async function relayLag(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY lag)) AS p50,
              round(percentile_cont(0.99) WITHIN GROUP (ORDER BY lag)) AS p99
         FROM (SELECT extract(epoch FROM sent_at - created_at) * 1000 AS lag FROM stagecraft.outbox
                WHERE collection = 'notes' AND sent_at IS NOT NULL) lags`,
    );
    return { p50: Number(rows[0].p50), p99: Number(rows[0].p99) };
  } finally {
    await client.end();
  }
}

const percentile = (sorted, p) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

// ---- run --------------------------------------------------------------------------------------

async function main() {
  const { database, redisPrefix } = await prepareRun(config);
  const healthPort = await freePort();
  const shared = {
    PATH: env.PATH,
    HOME: env.HOME,
    NODE_ENV: 'production',
    NODE_OPTIONS: env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=16',
    DATABASE_URL: database.url,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_PER_IP: '100000',
    REALTIME_MAX_CONNECTIONS_PER_USER: String(config.connections),
    REALTIME_MAX_CONNECTIONS_PER_IP: String(config.connections),
    ...BENCH_SECRETS,
  };
  const apis = [];
  for (const name of ['API 1', 'API 2']) {
    const port = await freePort();
    const proc = startNode(name, resolve(ROOT, 'dist/apps/api/src/main.js'), {
      cwd: ROOT,
      env: { ...shared, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` },
      // For profiling (`--cpu-prof --cpu-prof-dir=…`), which NODE_OPTIONS does not accept.
      nodeArgs: (env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean),
    });
    cleanups.push(() => proc.stop());
    const url = `http://127.0.0.1:${port}`;
    await waitUntilReady(proc, `${url}/health/live`);
    apis.push({ proc, url });
  }
  const worker = startNode('worker', resolve(ROOT, 'dist/apps/worker/src/main.js'), {
    cwd: ROOT,
    nodeArgs: (env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    env: { ...shared, WORKER_HEALTH_PORT: String(healthPort) },
  });
  cleanups.push(() => worker.stop());
  await waitUntilReady(worker, `http://127.0.0.1:${healthPort}/health/ready`);
  const urls = apis.map((api) => api.url);
  log(`two API instances (${urls.join(', ')}) and a worker`);

  const admin = await expectStatus(
    call(urls[0], 'POST', '/api/v1/auth/setup', { body: { email: ADMIN_EMAIL, password: PASSWORD } }),
    201,
    'setup',
  );
  await expectStatus(
    call(urls[0], 'POST', '/api/v1/collections', { token: admin.access_token, body: COLLECTION }),
    201,
    'collection',
  );
  const users = [];
  for (let i = 0; i < config.users; i += 1) {
    const signedUp = await expectStatus(
      call(urls[0], 'POST', '/api/v1/auth/register', {
        body: { email: `user${i}@bench.example.com`, password: PASSWORD },
      }),
      201,
      'register',
    );
    users.push({ id: signedUp.user.id, token: signedUp.access_token });
  }

  const latencies = [];
  const subscribers = [];
  for (let i = 0; i < config.connections; i += 1) {
    const user = users[i % users.length];
    const url = urls[i % urls.length];
    const subscriber = openSubscriber(url, user.token, user, latencies);
    subscribers.push({ subscriber, url });
    cleanups.push(() => subscriber.close());
  }
  for (const { subscriber, url } of subscribers) {
    const failed = await subscriber.connected;
    if (failed) throw failed;
    await expectStatus(
      call(url, 'POST', `/api/v1/realtime/${subscriber.clientId}/subscriptions`, {
        token: subscriber.user.token,
        body: { subscriptions: [{ topic: 'notes' }] },
      }),
      201,
      'subscribe',
    );
  }
  log(`${config.connections} SSE connections of ${config.users} users subscribed, half on each instance`);

  const rss = sampleRss(apis.map((api) => api.proc.child.pid));
  const measured = [...apis.map((api) => api.proc.child.pid), worker.child.pid];
  const cpuAtStart = measured.map(cpuSeconds);
  const cpuBefore = process.cpuUsage();
  log(`load: ${config.rate} creates/s for ${config.duration} s`);
  const started = Date.now();
  const load = await writeNotes(urls, admin.access_token, users, config.rate, config.duration);
  const expectedDeliveries = [...load.written.values()].length * (config.connections / config.users);
  const deadline = Date.now() + config.timeout * 1000;
  while (latencies.length < expectedDeliveries && Date.now() < deadline) await sleep(100);
  const seconds = (Date.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  rss.stop();
  const cpuShare = measured.map((pid, i) => Math.round(((cpuSeconds(pid) - cpuAtStart[i]) / seconds) * 100));

  let missing = 0;
  let duplicated = 0;
  let wrong = 0;
  const byOwner = new Map();
  for (const [id, owner] of load.written) byOwner.set(owner, [...(byOwner.get(owner) ?? []), id]);
  for (const { subscriber } of subscribers) {
    wrong += subscriber.wrong;
    for (const id of byOwner.get(subscriber.user.id) ?? []) {
      const count = subscriber.received.get(id) ?? 0;
      if (count === 0) missing += 1;
      if (count > 1) duplicated += count - 1;
    }
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  // The part of the lag before any API process is involved: commit → relayed by the worker.
  const relay = await relayLag(database.url);
  const result = {
    settings: config,
    writes: { sent: load.sent, created: load.written.size, failed: load.failed },
    deliveries: latencies.length,
    expectedDeliveries,
    deliveriesPerSecond: latencies.length / seconds,
    relayLagMs: relay,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted.at(-1),
    },
    missing,
    duplicated,
    wrong,
    rssMiB: rss.peaks.map((peak) => Math.round(peak)),
    cpuPercent: { api1: cpuShare[0], api2: cpuShare[1], worker: cpuShare[2] },
    loadGeneratorCpuPercent: Math.round(((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100),
  };

  console.log(
    `\n${result.writes.created} notes written (${load.failed} failed), ${result.deliveries} of ${expectedDeliveries} deliveries ` +
      `(${result.deliveriesPerSecond.toFixed(0)}/s)\nwrite → delivery: p50 ${result.latencyMs.p50} ms, p90 ${result.latencyMs.p90} ms, ` +
      `p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms ` +
      `(of which commit → relayed by the worker: p50 ${relay.p50} ms, p99 ${relay.p99} ms)\npeak RSS: ${result.rssMiB.map((mib, i) => `API ${i + 1} ${mib} MiB`).join(', ')}; ` +
      `this load generator used ${result.loadGeneratorCpuPercent} % of a core, the APIs ${cpuShare[0]} % and ${cpuShare[1]} %, the worker ${cpuShare[2]} % (of 2 cores: 200 %)`,
  );
  const lines = [];
  const check = (ok, text) => lines.push(`${ok ? 'PASS' : 'MISS'}  ${text}`);
  check(load.failed === 0, `every write answered 201 (${load.failed} did not)`);
  check(
    missing === 0 && duplicated === 0,
    `every connection got each of its user's notes once (${missing} missing, ${duplicated} twice)`,
  );
  check(wrong === 0, `no connection got another user's note (${wrong})`);
  check(
    result.latencyMs.p99 <= TARGETS.p99Ms,
    `write → delivery p99 ≤ ${TARGETS.p99Ms} ms (${result.latencyMs.p99} ms)`,
  );
  check(
    Math.max(...result.rssMiB) <= TARGETS.rssMiB,
    `API RSS ≤ ${TARGETS.rssMiB} MiB per instance (${result.rssMiB.join(', ')} MiB)`,
  );
  console.log(`\n${lines.join('\n')}`);
  log(`results: ${writeResults('realtime', { ...result, checks: lines })}`);
  return lines.every((line) => line.startsWith('PASS'));
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
