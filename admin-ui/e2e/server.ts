// Starting and stopping the API and worker under test: a fresh database per run, a free port,
// its own Redis prefix and files directory. The state file lets the teardown (a separate module
// load) find what to stop.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_UI = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(ADMIN_UI, '..');
export const STATE_FILE = resolve(ADMIN_UI, 'test-results', 'e2e-server.json');
const PG = { host: '127.0.0.1', port: '5432', user: 'postgres' };
const ADMIN_DATABASE_URL = process.env.E2E_ADMIN_DATABASE_URL ?? `postgres://${PG.user}@${PG.host}:${PG.port}/postgres`;
/** The built server; E2E_SERVER_DIST points at another build (one no other process rebuilds meanwhile). */
const SERVER_DIST = process.env.E2E_SERVER_DIST ?? resolve(REPO, 'dist');

export interface ServerState {
  pid: number;
  workerPid?: number;
  port: number;
  baseUrl: string;
  database: string;
  redisPrefix: string;
  filesDir?: string;
  log: string;
  workerLog?: string;
}

/** The database the run's API and worker use, for tests that read system tables (captured emails). */
export function serverState(): ServerState {
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState;
}

export function databaseUrl(state: ServerState): string {
  return `postgres://${PG.user}@${PG.host}:${PG.port}/${state.database}`;
}

export function psql(sql: string): void {
  execFileSync('psql', [ADMIN_DATABASE_URL, '-v', 'ON_ERROR_STOP=1', '-qc', sql], { stdio: 'pipe' });
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

async function waitUntil(url: string, processes: { name: string; pid: number; log: string }[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    for (const { name, pid, log } of processes) {
      if (!alive(pid)) {
        throw new Error(`The ${name} exited during start-up; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
      }
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 150));
  }
  throw new Error(`${url} did not answer 200 within 30 s; see ${processes.map((item) => item.log).join(', ')}`);
}

function startNode(script: string, env: NodeJS.ProcessEnv, log: string): number {
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, [script], { cwd: ADMIN_UI, env, stdio: ['ignore', out, out], detached: true });
  if (child.pid === undefined) throw new Error(`${script} did not start`);
  child.unref();
  return child.pid;
}

export async function startServer(): Promise<ServerState> {
  const suffix = randomBytes(5).toString('hex');
  const database = `stagecraft_e2e_${suffix}`;
  const redisPrefix = `stagecraft_e2e_${suffix}`;
  psql(`CREATE DATABASE ${database}`);
  const port = await freePort();
  // A host name, not an IP: WebAuthn (passkeys) refuses IP addresses as relying-party ids.
  const baseUrl = `http://localhost:${port}`;
  const log = resolve(ADMIN_UI, 'test-results', `e2e-api-${suffix}.log`);
  const workerLog = resolve(ADMIN_UI, 'test-results', `e2e-worker-${suffix}.log`);
  const filesDir = resolve(ADMIN_UI, 'test-results', `e2e-files-${suffix}`);
  mkdirSync(filesDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: baseUrl,
    DATABASE_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${database}`,
    REDIS_PREFIX: redisPrefix,
    ADMIN_UI_DIR: resolve(ADMIN_UI, 'dist'),
    FILES_DIR: filesDir,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_AUTH_PER_IP: '1000',
    RATE_LIMIT_AUTH_PER_ACCOUNT: '1000',
    // The webhook tests' receiver listens on loopback, which is refused by default.
    WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8',
    // Two quick attempts, so a failing receiver's delivery is dead within the test.
    WEBHOOK_MAX_ATTEMPTS: '2',
    WEBHOOK_BACKOFF_BASE_MS: '200',
    WEBHOOK_TIMEOUT_MS: '5000',
    OUTBOX_POLL_INTERVAL_MS: '200',
    // The sandbox host of the build under test (the API runs from admin-ui/, where the
    // variable's relative default does not exist; the worker gets the same).
    FUNCTIONS_SANDBOX_ENTRY: resolve(SERVER_DIST, 'apps/functions-host/src/main.js'),
  };
  const pid = startNode(resolve(SERVER_DIST, 'apps/api/src/main.js'), env, log);
  const state: ServerState = { pid, port, baseUrl, database, redisPrefix, filesDir, log, workerLog };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  const api = { name: 'API', pid, log };
  await waitUntil(`${baseUrl}/api/v1/auth/setup`, [api]);
  // The worker starts once the API has migrated the database.
  state.workerPid = startNode(resolve(SERVER_DIST, 'apps/worker/src/main.js'), env, workerLog);
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  await waitUntil(`${baseUrl}/health/ready`, [api, { name: 'worker', pid: state.workerPid, log: workerLog }]);
  return state;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopProcess(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

export async function stopServer(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const state = serverState();
  await Promise.all([stopProcess(state.pid), state.workerPid === undefined ? undefined : stopProcess(state.workerPid)]);
  psql(`DROP DATABASE IF EXISTS ${state.database} WITH (FORCE)`);
  try {
    // Best effort: the run's Redis keys (queues, rate limits) under its own prefix.
    const keys = execFileSync('redis-cli', ['--scan', '--pattern', `${state.redisPrefix}*`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    for (let index = 0; index < keys.length; index += 500) {
      execFileSync('redis-cli', ['del', ...keys.slice(index, index + 500)], { stdio: 'ignore' });
    }
  } catch {
    // redis-cli missing: the keys expire or stay harmlessly under a unique prefix
  }
  if (state.filesDir) rmSync(state.filesDir, { recursive: true, force: true });
  rmSync(STATE_FILE, { force: true });
}
