// Starting and stopping the API under test: a fresh database per run, a free port, its own
// Redis prefix. The state file lets the teardown (a separate module load) find what to stop.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADMIN_UI = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO = resolve(ADMIN_UI, '..');
export const STATE_FILE = resolve(ADMIN_UI, 'test-results', 'e2e-server.json');
const PG = { host: '127.0.0.1', port: '5432', user: 'postgres' };
const ADMIN_DATABASE_URL = process.env.E2E_ADMIN_DATABASE_URL ?? `postgres://${PG.user}@${PG.host}:${PG.port}/postgres`;

export interface ServerState {
  pid: number;
  port: number;
  baseUrl: string;
  database: string;
  redisPrefix: string;
  log: string;
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

async function waitUntilLive(baseUrl: string, pid: number, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error(`The API exited during start-up; see ${log}:\n${readFileSync(log, 'utf8').slice(-2000)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/v1/auth/setup`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 150));
  }
  throw new Error(`The API did not answer within 30 s; see ${log}`);
}

export async function startServer(): Promise<ServerState> {
  const suffix = randomBytes(5).toString('hex');
  const database = `stagecraft_e2e_${suffix}`;
  const redisPrefix = `stagecraft_e2e_${suffix}`;
  psql(`CREATE DATABASE ${database}`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = resolve(ADMIN_UI, 'test-results', `e2e-api-${suffix}.log`);
  const out = openSync(log, 'w');
  const child = spawn(process.execPath, ['../dist/apps/api/src/main.js'], {
    cwd: ADMIN_UI,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: `postgres://${PG.user}@${PG.host}:${PG.port}/${database}`,
      REDIS_PREFIX: redisPrefix,
      ADMIN_UI_DIR: resolve(ADMIN_UI, 'dist'),
      LOG_LEVEL: 'warn',
      RATE_LIMIT_AUTH_PER_IP: '1000',
      RATE_LIMIT_AUTH_PER_ACCOUNT: '1000',
    },
    stdio: ['ignore', out, out],
    detached: true,
  });
  if (child.pid === undefined) throw new Error('The API did not start');
  child.unref();
  const state: ServerState = { pid: child.pid, port, baseUrl, database, redisPrefix, log };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  await waitUntilLive(baseUrl, child.pid, log);
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

export async function stopServer(): Promise<void> {
  if (!existsSync(STATE_FILE)) return;
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState;
  if (alive(state.pid)) {
    process.kill(state.pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (alive(state.pid) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    if (alive(state.pid)) process.kill(state.pid, 'SIGKILL');
  }
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
  rmSync(STATE_FILE, { force: true });
}
