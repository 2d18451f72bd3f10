// Encryption in transit to the data stores: the API and the worker run against a PostgreSQL
// that accepts TLS connections only (DATABASE_URL with sslmode=verify-full and sslrootcert) and
// a Redis with TLS only (a rediss:// REDIS_URL and REDIS_TLS_CA_FILE), with certificates made
// here. Every connection they open is encrypted; a client trusting another CA is refused by
// both, and so is PostgreSQL without TLS.

import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '@stagecraft/config';
import { dataSourceOptions } from '@stagecraft/database';
import { createRedis } from '@stagecraft/redis';
import {
  createTestEnvironment,
  httpClient,
  makeTestCertificates,
  startTlsPostgres,
  startTlsRedis,
  waitFor,
  type TestCertificates,
  type TestEnvironment,
  type TlsServer,
} from '@stagecraft/testing';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { rmSync } from 'node:fs';
import { setupAdmin } from './support/identity.js';
import { createCollection, OPEN_RULES, recordsClient } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

describe('TLS to PostgreSQL and Redis', () => {
  let certs: TestCertificates;
  let postgres: TlsServer;
  let redis: TlsServer;
  let env: TestEnvironment;
  let config: AppConfig;
  let api: RunningApi | undefined;
  let worker: INestApplicationContext | undefined;

  const databaseUrl = (ca: string, sslmode = 'verify-full'): string =>
    `postgres://postgres@localhost:${postgres.port}/postgres?sslmode=${sslmode}&sslrootcert=${ca}`;

  beforeAll(async () => {
    certs = makeTestCertificates();
    postgres = await startTlsPostgres(certs);
    redis = await startTlsRedis(certs);
    env = await createTestEnvironment();
    config = env.config({
      DATABASE_URL: databaseUrl(certs.ca),
      REDIS_URL: `rediss://localhost:${redis.port}`,
      REDIS_TLS_CA_FILE: certs.ca,
      OUTBOX_POLL_INTERVAL_MS: '100',
    });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
    await redis?.stop();
    await postgres?.stop();
    if (certs) rmSync(certs.dir, { recursive: true, force: true });
  });

  it('runs the API and the worker over TLS only: migrations, writes, events, queues', async () => {
    api = await startApi(config);
    worker = await startWorker(config);
    const http = httpClient(api.url);
    expect((await http.get('/health/ready')).status).toBe(200);
    const admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'letters',
      rules: OPEN_RULES,
      fields: [{ name: 'body', type: 'text' }],
    });
    await recordsClient(http, 'letters').insert({ body: 'sealed' });
    // The worker relays the write's event from the outbox through Redis.
    const probe = new pg.Client({ connectionString: databaseUrl(certs.ca) });
    await probe.connect();
    try {
      await waitFor(
        async () =>
          (await probe.query(`SELECT count(*)::int AS n FROM stagecraft.outbox WHERE sent_at IS NULL`)).rows[0].n,
        (waiting: number) => waiting === 0,
        { what: 'the outbox to be relayed' },
      );
      const queues = await http.get('/api/v1/jobs/queues', { token: admin.token });
      expect(queues.status).toBe(200);
      // Every connection of the apps (and this probe) is encrypted.
      const { rows } = await probe.query<{ application_name: string; ssl: boolean }>(
        `SELECT a.application_name, s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
          WHERE a.backend_type = 'client backend'`,
      );
      expect(rows.length).toBeGreaterThan(2);
      expect(rows.filter((row) => !row.ssl)).toEqual([]);
    } finally {
      await probe.end();
    }
  });

  it('refuses PostgreSQL without TLS, and a PostgreSQL whose certificate another CA signed', async () => {
    const plain = new pg.Client({ connectionString: `postgres://postgres@localhost:${postgres.port}/postgres` });
    await expect(plain.connect()).rejects.toThrow(/no pg_hba.conf entry .* no encryption/);
    const wrongCa = new DataSource(
      dataSourceOptions({ ...config, database: { ...config.database, url: databaseUrl(certs.otherCa) } }, 'tls-test'),
    );
    await expect(wrongCa.initialize()).rejects.toThrow(/self[- ]signed certificate|unable to verify/);
  });

  it('refuses a Redis whose certificate another CA signed', async () => {
    const client = createRedis(
      { url: `rediss://localhost:${redis.port}`, tlsCaFile: certs.otherCa },
      { lazyConnect: true, retryStrategy: () => null },
    );
    const errors: Error[] = [];
    client.on('error', (error: Error) => errors.push(error));
    try {
      await expect(client.connect()).rejects.toThrow();
      expect(errors.map((error) => error.message).join('\n')).toMatch(/self[- ]signed certificate|unable to verify/);
    } finally {
      client.disconnect();
    }
    const trusted = createRedis(
      { url: `rediss://localhost:${redis.port}`, tlsCaFile: certs.ca },
      { lazyConnect: true },
    );
    try {
      await trusted.connect();
      expect(await trusted.ping()).toBe('PONG');
    } finally {
      trusted.disconnect();
    }
  });
});
