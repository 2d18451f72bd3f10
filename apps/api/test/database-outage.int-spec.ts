// PostgreSQL ends the API's connections (pg_terminate_backend, as a failover or a restart
// does) while clients write and read through HTTP. Every answer is a success or a 503
// DATABASE_UNAVAILABLE problem with Retry-After, never a 500; every acknowledged create is in
// the table, once. Reads and transactions that provably did not commit are retried on a live
// connection; an autocommit write whose connection died after it was sent is not.

import pg from 'pg';
import {
  createTestEnvironment,
  httpClient,
  waitFor,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { startPgProxy, type PgProxy } from './support/pg-proxy.js';
import { createCollection, PROBLEM, recordsClient, type RecordsClient } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const FIELDS = [
  { name: 'title', type: 'text', options: { required: true } },
  { name: 'n', type: 'integer' },
];

/** Resolves waiters as a count grows, so a loop can act "after the next k answers" without sleeping. */
class Progress {
  private count = 0;
  private waiters: { target: number; resolve: () => void }[] = [];

  get value(): number {
    return this.count;
  }

  step(): void {
    this.count++;
    const ready = this.waiters.filter((waiter) => waiter.target <= this.count);
    this.waiters = this.waiters.filter((waiter) => waiter.target > this.count);
    for (const waiter of ready) waiter.resolve();
  }

  reached(target: number): Promise<void> {
    if (this.count >= target) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ target, resolve }));
  }
}

/** A problem that is not a 503 DATABASE_UNAVAILABLE with Retry-After, described for the failure message. */
function notUnavailable(response: HttpResult): string | undefined {
  const retryAfter = Number(response.headers.get('retry-after'));
  const ok =
    response.status === 503 &&
    response.body?.code === 'DATABASE_UNAVAILABLE' &&
    response.headers.get('content-type') === PROBLEM &&
    Number.isInteger(retryAfter) &&
    retryAfter > 0;
  return ok ? undefined : `${response.status} ${response.text.slice(0, 300)}`;
}

describe('database outage', () => {
  let env: TestEnvironment;
  let proxy: PgProxy;
  let api: RunningApi;
  let http: HttpClient;
  let user: TestSession;
  let notes: RecordsClient;
  let open: RecordsClient;
  let killer: pg.Client;

  /** Ends every session of the API; the number ended. */
  const terminate = async (): Promise<number> => {
    const { rows } = await killer.query<{ n: number }>(
      `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'stagecraft-api'`,
    );
    return rows[0]?.n ?? 0;
  };
  const apiSessions = async (): Promise<number> => {
    const { rows } = await killer.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'stagecraft-api'`,
    );
    return rows[0]?.n ?? 0;
  };

  /**
   * Leaves the API's pool holding idle connections whose sessions PostgreSQL has ended, the
   * API not yet knowing: its next statement on one of them gets the FATAL as its reply.
   */
  const staleIdleConnections = async (): Promise<void> => {
    await Promise.all([1, 2, 3].map(() => notes.list({ limit: 1 })));
    proxy.holdReplies();
    expect(await terminate()).toBeGreaterThan(0);
    await waitFor(apiSessions, (n) => n === 0, { what: 'the terminated sessions to end' });
  };

  beforeAll(async () => {
    env = await createTestEnvironment();
    proxy = await startPgProxy(env.databaseUrl);
    api = await startApi(
      // The session check runs on every signed-in request instead of being remembered.
      env.config({ DATABASE_URL: proxy.url, DATABASE_POOL_SIZE: '4', AUTH_SESSION_CACHE_MS: '0' }),
    );
    http = httpClient(api.url);
    const admin = await setupAdmin(http);
    user = await registerUser(http);
    const rules = { list: '', view: '', update: null, delete: null };
    await createCollection(http, admin, {
      name: 'notes',
      rules: { ...rules, create: '@request.auth.id != null' },
      fields: FIELDS,
    });
    await createCollection(http, admin, { name: 'open_notes', rules: { ...rules, create: '' }, fields: FIELDS });
    notes = recordsClient(http, 'notes');
    open = recordsClient(http, 'open_notes');
    killer = new pg.Client({ connectionString: env.databaseUrl });
    await killer.connect();
  });

  afterAll(async () => {
    await killer?.end();
    await api?.close();
    await proxy?.close();
    await env?.dispose();
  });

  const titlesIn = async (table: string, titles: string[]): Promise<string[]> => {
    const { rows } = await killer.query<{ title: string }>(
      `SELECT title FROM data.${table} WHERE title = ANY($1::text[]) ORDER BY title`,
      [titles],
    );
    return rows.map((row) => row.title);
  };

  describe('on a connection PostgreSQL ended while it sat idle in the pool', () => {
    it('retries a read on a live connection: a signed-in GET by id answers 200', async () => {
      const record = await notes.insert({ title: 'stale-read', n: 1 }, user.token);
      await staleIdleConnections();
      const response = await notes.get(record.id, user.token);
      expect({ status: response.status, text: response.text }).toMatchObject({ status: 200 });
      expect(response.body.data.title).toBe('stale-read');
    });

    it('retries a read on a live connection: a list answers 200', async () => {
      await staleIdleConnections();
      const response = await notes.list({ filter: 'title = "stale-read"' });
      expect({ status: response.status, text: response.text }).toMatchObject({ status: 200 });
      expect(response.body.data).toHaveLength(1);
    });

    it('repeats a transaction that failed before COMMIT: both records of a bulk create saved once', async () => {
      await staleIdleConnections();
      const response = await open.create([{ title: 'stale-bulk-1' }, { title: 'stale-bulk-2' }]);
      expect({ status: response.status, text: response.text }).toMatchObject({ status: 201 });
      expect(await titlesIn('open_notes', ['stale-bulk-1', 'stale-bulk-2'])).toEqual(['stale-bulk-1', 'stale-bulk-2']);
    });

    it('answers 503 for an autocommit create sent on it, which may have committed, and does not repeat it', async () => {
      await staleIdleConnections();
      const response = await open.create({ title: 'stale-single' });
      expect(notUnavailable(response)).toBeUndefined();
      expect(response.body.detail).toMatch(/may or may not have been saved/);
      // Here the server never ran it (its session had ended), and the API did not send it again.
      expect(await titlesIn('open_notes', ['stale-single'])).toEqual([]);
      expect((await open.create({ title: 'after-stale' })).status).toBe(201);
    });
  });

  describe('while PostgreSQL ends the API sessions again and again', () => {
    const CONCURRENCY = 4;

    /**
     * Runs `total` requests, CONCURRENCY at a time, ending every API session after each few
     * answers; resolves with the answers and the number of sessions ended.
     */
    async function underTermination<T>(
      total: number,
      send: (index: number) => Promise<T>,
    ): Promise<{ results: T[]; ended: number }> {
      const progress = new Progress();
      const results: T[] = [];
      let next = 0;
      let done = false;
      const client = async (): Promise<void> => {
        while (next < total) {
          const index = next++;
          results[index] = await send(index);
          progress.step();
        }
      };
      const finished = Promise.all(Array.from({ length: CONCURRENCY }, client)).then(() => {
        done = true;
      });
      let ended = 0;
      while (!done) {
        ended += await terminate();
        await Promise.race([progress.reached(progress.value + 2 * CONCURRENCY), finished]);
      }
      await finished;
      return { results, ended };
    }

    let created: { id: string; title: string }[] = [];

    it('answers every create with 201 or 503, and every 201 is in the table once', async () => {
      const { results, ended } = await underTermination(600, async (index) => {
        // Every fifth request creates two records in one transaction; the others one, autocommit.
        const titles = index % 5 === 0 ? [`load-${index}-a`, `load-${index}-b`] : [`load-${index}`];
        const body = titles.map((title) => ({ title, n: index }));
        const response = await notes.create(titles.length === 1 ? body[0] : body, user.token);
        return { response, titles };
      });
      expect(ended).toBeGreaterThan(0);

      const unexpected = results
        .filter(({ response }) => response.status !== 201)
        .map(({ response }) => notUnavailable(response))
        .filter((problem) => problem !== undefined);
      expect(unexpected).toEqual([]);

      const acknowledged = results.filter(({ response }) => response.status === 201);
      created = acknowledged.flatMap(({ response }) => [response.body.data].flat());
      const titles = acknowledged.flatMap(({ titles }) => titles);
      expect(created.map((record) => record.title).sort()).toEqual([...titles].sort());
      const { rows } = await killer.query<{ id: string }>(`SELECT id FROM data.notes WHERE id = ANY($1::uuid[])`, [
        created.map((record) => record.id),
      ]);
      expect(rows).toHaveLength(created.length);
      // No write was applied twice (a repeated transaction, say, saving its records again).
      const { rows: doubled } = await killer.query(
        `SELECT title FROM data.notes WHERE title LIKE 'load-%' GROUP BY title HAVING count(*) > 1`,
      );
      expect(doubled).toEqual([]);
    });

    it('answers every read (by id, and a filtered list) with 200 or 503', async () => {
      expect(created.length).toBeGreaterThan(0);
      const { results, ended } = await underTermination(400, (index) => {
        const record = created[index % created.length] as { id: string };
        return index % 2 === 0
          ? notes.get(record.id, user.token)
          : notes.list({ filter: `n >= ${index % 50}`, sort: '-n', limit: 20 }, user.token);
      });
      expect(ended).toBeGreaterThan(0);
      const unexpected = results
        .filter((response) => response.status !== 200)
        .map(notUnavailable)
        .filter((problem) => problem !== undefined);
      expect(unexpected).toEqual([]);
    });
  });
});
