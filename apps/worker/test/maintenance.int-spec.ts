// The scheduled maintenance job: expired data goes, everything still in use stays.

import type { INestApplicationContext } from '@nestjs/common';
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RECORD_EVENT_REFS_JOB } from '@stagecraft/events';
import { QueueName } from '@stagecraft/jobs';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import { createTestEnvironment, TEST_REDIS_URL, waitFor, type TestEnvironment } from '@stagecraft/testing';
import { Queue } from 'bullmq';
import pg from 'pg';
import { startWorker } from '../../api/test/support/running-apps.js';

const DAY_MS = 24 * 3_600_000;

describe('maintenance job', () => {
  let env: TestEnvironment;
  let worker: INestApplicationContext | undefined;
  let db: pg.Client;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // Started once without the schedule firing soon, to migrate the database.
    const migrated = await startWorker(env.config({ MAINTENANCE_INTERVAL_MS: '3600000' }));
    await migrated.close();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await worker?.close();
    await db?.end();
    await env?.dispose();
  });

  const count = async (sql: string): Promise<number> => Number((await db.query(sql)).rows[0].n);

  it('purges sent events past retention, finished deliveries, old function invocations, expired tokens, sessions and sign-in challenges, old files; keeps the rest', async () => {
    const event = (label: string, sentAgo: string | null) =>
      db.query(
        `INSERT INTO stagecraft.outbox (collection, action, record_id, sent_at)
         VALUES ($1, 'create', gen_random_uuid(), ${sentAgo === null ? 'NULL' : `now() - interval '${sentAgo}'`})`,
        [label],
      );
    await event('maint-old', '10 days'); // sent long ago: goes
    await event('maint-recent', '1 hour'); // sent recently: stays
    await event('maint-unsent', null); // not sent yet: stays whatever its age
    await event('maint-queued', '9 days'); // sent long ago, but an events job still waiting names it: stays
    const events = new Queue(QueueName.Events, {
      connection: bullmqConnectionOptions(TEST_REDIS_URL),
      prefix: `${env.redisPrefix}:bull`,
    });
    // As a job queued nine days ago and held since; delayed (from then, until tomorrow), so the
    // worker leaves it alone.
    const queuedAt = Date.now() - 9 * DAY_MS - 60_000;
    await events.add(
      RECORD_EVENT_REFS_JOB,
      { refs: [] },
      { jobId: 'maint-waiting', delay: 10 * DAY_MS, timestamp: queuedAt },
    );
    await events.close();
    await db.query(`UPDATE stagecraft.outbox SET created_at = now() - interval '30 days' WHERE sent_at IS NULL`);

    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO data.users (id, email, password_hash) VALUES (gen_random_uuid(), 'old@example.com', 'x') RETURNING id`,
    );
    const userId = rows[0]?.id;
    const token = (expiresIn: string, used: string | null) =>
      db.query(
        `INSERT INTO stagecraft.user_tokens (id, user_id, purpose, token_hash, email, expires_at, used_at)
         VALUES (gen_random_uuid(), $1, 'reset_password', gen_random_bytes_compat(), 'old@example.com',
                 now() + interval '${expiresIn}', ${used === null ? 'NULL' : `now() - interval '${used}'`})`,
        [userId],
      );
    await db.query(`CREATE FUNCTION gen_random_bytes_compat() RETURNS bytea LANGUAGE sql AS
      $$ SELECT decode(md5(random()::text), 'hex') $$`);
    await token('-3 days', null); // expired long ago: goes
    await token('30 minutes', null); // live: stays
    await token('30 minutes', '2 days'); // used two days ago: goes

    await db.query(
      `INSERT INTO stagecraft.sessions (id, user_id, expires_at) VALUES
         (gen_random_uuid(), $1, now() - interval '3 days'), (gen_random_uuid(), $1, now() + interval '3 days')`,
      [userId],
    );

    await db.query(
      `INSERT INTO stagecraft.auth_challenges (token_hash, kind, expires_at) VALUES
         (decode(md5('old'), 'hex'), 'oauth_state', now() - interval '2 hours'),
         (decode(md5('live'), 'hex'), 'oauth_state', now() + interval '5 minutes')`,
    );

    // Disabled, so the events relayed while the test runs (the user above) add no deliveries of their own.
    await db.query(
      `INSERT INTO stagecraft.webhooks (id, name, url, secret, enabled)
       VALUES ('0190f5c6-0000-7000-8000-0000000000aa', 'w', 'https://example.com', 'whsec_x', false)`,
    );
    const delivery = (state: string) =>
      db.query(
        `INSERT INTO stagecraft.webhook_deliveries (id, webhook_id, event_id, event_type, payload, state, updated_at)
         VALUES (gen_random_uuid(), '0190f5c6-0000-7000-8000-0000000000aa', gen_random_uuid(), 'record.created', '{}', $1,
                 now() - interval '60 days')`,
        [state],
      );
    await delivery('succeeded'); // finished long ago: goes
    await delivery('retrying'); // still being retried: stays

    await db.query(
      `INSERT INTO stagecraft.functions (id, name, settings) VALUES ('0190f5c6-0000-7000-8000-0000000000fa', 'f', '{}')`,
    );
    const invocation = (ago: string) =>
      db.query(
        `INSERT INTO stagecraft.function_invocations
           (id, function_id, version_number, trigger, outcome, duration_ms, cpu_ms, memory_bytes, cold, created_at)
         VALUES (gen_random_uuid(), '0190f5c6-0000-7000-8000-0000000000fa', 1, 'http', 'ok', 1, 1, 1, false,
                 now() - interval '${ago}')`,
      );
    await invocation('30 days'); // past FUNCTIONS_LOG_RETENTION_HOURS (a week): goes
    await invocation('1 hour'); // recent: stays

    const exports = join(env.filesDir, 'exports');
    await mkdir(exports, { recursive: true });
    await writeFile(join(exports, 'old.csv'), 'id\n');
    await writeFile(join(exports, 'fresh.csv'), 'id\n');
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    await utimes(join(exports, 'old.csv'), twoDaysAgo, twoDaysAgo);

    worker = await startWorker(env.config({ MAINTENANCE_INTERVAL_MS: '1000' }));
    // The purges run one after another, so wait until every one of them has taken its rows.
    const expired = async () => ({
      sentEvents: await count(`SELECT count(*) AS n FROM stagecraft.outbox WHERE collection = 'maint-old'`),
      tokens: await count(
        `SELECT count(*) AS n FROM stagecraft.user_tokens WHERE expires_at < now() OR used_at IS NOT NULL`,
      ),
      deliveries: await count(`SELECT count(*) AS n FROM stagecraft.webhook_deliveries WHERE state = 'succeeded'`),
      sessions: await count(`SELECT count(*) AS n FROM stagecraft.sessions WHERE expires_at < now()`),
      challenges: await count(`SELECT count(*) AS n FROM stagecraft.auth_challenges WHERE expires_at < now()`),
      invocations: await count(
        `SELECT count(*) AS n FROM stagecraft.function_invocations WHERE created_at < now() - interval '1 day'`,
      ),
      exportFiles: (await readdir(exports)).filter((name) => name === 'old.csv').length,
    });
    await waitFor(expired, (left) => Object.values(left).every((n) => n === 0), {
      what: 'expired rows and files to be purged',
    });

    expect(
      (await db.query(`SELECT collection FROM stagecraft.outbox WHERE collection LIKE 'maint-%' ORDER BY id`)).rows,
    ).toEqual([{ collection: 'maint-recent' }, { collection: 'maint-unsent' }, { collection: 'maint-queued' }]);
    expect(await count(`SELECT count(*) AS n FROM stagecraft.user_tokens`)).toBe(1);
    expect((await db.query(`SELECT state FROM stagecraft.webhook_deliveries`)).rows).toEqual([{ state: 'retrying' }]);
    expect(await count(`SELECT count(*) AS n FROM stagecraft.sessions`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM stagecraft.auth_challenges`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM stagecraft.function_invocations`)).toBe(1);
    expect(await readdir(exports)).toEqual(['fresh.csv']);
  });

  it('releases uploads never attached, deletes incomplete resumable ones, and removes strays the ledger does not know', async () => {
    const storage = join(env.filesDir, 'storage');
    const collectionId = '0190f5c6-0000-7000-8000-00000000c011';
    const fieldId = '0190f5c6-0000-7000-8000-00000000f1e1';
    const object = async (fileId: string, name: string, ageDays: number) => {
      const dir = join(storage, collectionId, fileId);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, name), 'bytes');
      const then = new Date(Date.now() - ageDays * 86_400_000);
      await utimes(join(dir, name), then, then);
    };
    const upload = async (fileId: string, name: string, ageDays: number) => {
      await object(fileId, name, ageDays);
      await db.query(
        `INSERT INTO stagecraft.stored_files (id, name, storage_key, collection_id, field_id, upload_id, meta, state_changed_at)
         VALUES ($1, $2, $3, $4, $5, $6, '{}', now() - make_interval(days => $7))`,
        [fileId, name, `${collectionId}/${fileId}/${name}`, collectionId, fieldId, `up-${name}`, ageDays],
      );
    };
    await upload('0190f5c6-0000-7000-8000-0000000000a1', 'stale_aaaaaaaaaa.txt', 30); // never attached: goes
    await upload('0190f5c6-0000-7000-8000-0000000000a2', 'fresh_bbbbbbbbbb.txt', 0); // may still be attached: stays
    await object('0190f5c6-0000-7000-8000-0000000000a3', 'stray_cccccccccc.txt', 30); // no row, old: removed
    await object('0190f5c6-0000-7000-8000-0000000000a4', 'young_dddddddddd.txt', 0); // no row, young: reported, kept

    const tus = join(env.filesDir, 'tus');
    await mkdir(tus, { recursive: true });
    const incomplete = (id: string, ageDays: number) =>
      Promise.all([
        writeFile(join(tus, id), 'part'),
        writeFile(
          join(tus, `${id}.json`),
          JSON.stringify({
            id,
            size: 100,
            offset: 4,
            metadata: {},
            creation_date: new Date(Date.now() - ageDays * 86_400_000).toISOString(),
          }),
        ),
      ]);
    await incomplete('abandoned0000000000000000000000a', 30);
    await incomplete('inprogress000000000000000000000b', 0);

    worker ??= await startWorker(env.config({ MAINTENANCE_INTERVAL_MS: '1000' }));
    const present = async () => ({
      stale: await count(`SELECT count(*) AS n FROM stagecraft.stored_files WHERE name = 'stale_aaaaaaaaaa.txt'`),
      folders: (await readdir(join(storage, collectionId))).sort(),
      tus: (await readdir(tus)).sort(),
    });
    const left = await waitFor(present, (now) => now.stale === 0 && now.folders.length === 2 && now.tus.length === 2, {
      what: 'stale uploads, strays and abandoned resumable uploads removed',
      timeoutMs: 20_000,
    });
    expect(left.folders).toEqual(['0190f5c6-0000-7000-8000-0000000000a2', '0190f5c6-0000-7000-8000-0000000000a4']);
    expect(left.tus).toEqual(['inprogress000000000000000000000b', 'inprogress000000000000000000000b.json']);
    expect(
      (await db.query(`SELECT state FROM stagecraft.stored_files WHERE name = 'fresh_bbbbbbbbbb.txt'`)).rows,
    ).toEqual([{ state: 'pending' }]);
  });
});
