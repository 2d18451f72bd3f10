// The benchmark's own database: created fresh on the server of BENCH_DATABASE_URL, seeded in
// one statement, dropped at the end (WITH (FORCE), so a leftover connection cannot keep it).

import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function withDatabase(url, name) {
  const parsed = new globalThis.URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function createBenchDatabase(adminUrl) {
  const name = `stagecraft_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(adminUrl, name),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * `rows` items in one INSERT ... SELECT: time-ordered UUIDv7-shaped ids (48-bit millisecond
 * timestamp, version 7, variant 8, then hash bits), prices 0.00–999.99, qty 0–199, 75% active,
 * two tags each. About 56% of rows match `qty > 50 && active = true`, so offset 50,000 of the
 * filtered, price-sorted list is a real, deep page.
 */
export async function seedItems(databaseUrl, { rows, createdBy }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    const base = Date.now() - rows - 1000;
    // Seeding is set-up, not a change to announce: the outbox trigger is told to stay quiet.
    await client.query('BEGIN');
    await client.query(`SET LOCAL stagecraft.events = 'off'`);
    await client.query(
      `INSERT INTO data.items (id, created_at, updated_at, created_by, version, title, price, qty, active, tags)
       SELECT (lpad(to_hex($1::bigint + g), 12, '0') || '7' || substr(h, 1, 3) || '8' || substr(h, 4, 15))::uuid,
              to_timestamp(($1::bigint + g) / 1000.0), to_timestamp(($1::bigint + g) / 1000.0), $2::uuid, 1,
              'Item ' || g, round((random() * 999.99)::numeric, 2),
              floor(random() * 200)::int, random() < 0.75,
              jsonb_build_array('tag' || (g % 10), 'tag' || (g % 7 + 10))
       FROM generate_series(1, $3::int) AS g, LATERAL (SELECT md5(g::text) AS h) AS hash`,
      [base, createdBy, rows],
    );
    await client.query('COMMIT');
    await settle(client);
    const { rows: counts } = await client.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE qty > 50 AND active)::int AS matching FROM data.items`,
    );
    return { ...counts[0], seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/**
 * Leaves freshly inserted rows as a running table's are: statistics gathered, hint bits set
 * and the visibility map built. Otherwise the first round measured pays for it, whichever
 * server runs it: autovacuum's pass over the new rows (started by the inserts, within a
 * minute) and the hint bits every first read of a page writes.
 */
async function settle(client) {
  await client.query('VACUUM (ANALYZE) data.items');
}

/**
 * `rows` more items for the delete measurement, inactive, qty 0 and price 0, so no list page
 * measured (active, qty > 50, by price descending) ever reaches them; their ids, in order.
 */
export async function seedDeletable(databaseUrl, { rows, createdBy }) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL stagecraft.events = 'off'`);
    const { rows: inserted } = await client.query(
      `INSERT INTO data.items (id, created_by, title, price, qty, active, tags)
       SELECT gen_random_uuid(), $1::uuid, 'Doomed ' || g, 0, 0, false, '[]'::jsonb FROM generate_series(1, $2::int) AS g
       RETURNING id`,
      [createdBy, rows],
    );
    await client.query('COMMIT');
    await settle(client);
    return inserted.map((row) => row.id);
  } finally {
    await client.end();
  }
}

/** Every item id, for requests that pick one at random. */
export async function itemIds(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT id FROM data.items');
    return rows.map((row) => row.id);
  } finally {
    await client.end();
  }
}
