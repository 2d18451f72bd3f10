// Prepared reads against a real PostgreSQL: one statement per query shape and connection,
// whatever the values, a connection retired once it holds the bound, and a shape whose result
// changed type under every pooled connection read again at once.

import { PreparedStatements } from '@stagecraft/database';
import { createTestEnvironment, type TestEnvironment } from '@stagecraft/testing';
import { DataSource } from 'typeorm';

class BoundedToThree extends PreparedStatements {
  protected override readonly maxPerConnection = 3;
}

describe('PreparedStatements', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    // One connection, so every query below lands on the same one until it is retired.
    dataSource = await new DataSource({ type: 'postgres', url: env.databaseUrl, poolSize: 1 }).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.dispose();
  });

  it('prepares a shape once and runs it with any values', async () => {
    const statements = new PreparedStatements(dataSource);
    const shape = 'SELECT $1::int * 2 AS doubled';
    for (const n of [1, 2, 3]) {
      expect(await statements.query<{ doubled: number }>(shape, [n])).toEqual([{ doubled: n * 2 }]);
    }
    const prepared = await statements.query<{ statement: string }>(
      'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
      [],
    );
    expect(prepared.map((row) => row.statement)).toEqual([
      shape,
      'SELECT statement FROM pg_prepared_statements ORDER BY prepare_time',
    ]);
  });

  it('retires a connection once it holds the bound, so its statements go with it', async () => {
    const statements = new BoundedToThree(dataSource);
    const backend = async (alias: string): Promise<number> =>
      (await statements.query<{ pid: number }>(`SELECT pg_backend_pid() AS pid, 1 AS ${alias}`, []))[0]!.pid;
    const first = await backend('a');
    expect(await backend('b')).toBe(first);
    expect(await backend('a')).toBe(first); // known shape: no new statement
    expect(await backend('c')).toBe(first); // the third shape: retired after this query
    const second = await backend('d');
    expect(second).not.toBe(first);
    expect(await backend('a')).toBe(second);
  });

  it('reads the rows pg reads, for common types, NULLs and an empty result', async () => {
    const statements = new PreparedStatements(dataSource);
    const text = `SELECT $1::uuid AS id, 42::int AS n, 9000000000::bigint AS big, 12.5::numeric AS price,
        true AS active, '{"a":[1]}'::jsonb AS tags, '2026-12-07 06:26:13.5+00'::timestamptz AS at, ARRAY[1,2]::int[] AS list,
        NULL::text AS nothing, 'x' AS "?column?" FROM generate_series(1, $2::int)`;
    const id = '0193b3c4-0000-7000-8000-000000000001';
    for (const count of [2, 0]) {
      const expected = await dataSource.query(text, [id, count]);
      expect(await statements.query(text, [id, count])).toEqual(expected);
    }
  });

  it('passes errors through and keeps working', async () => {
    const statements = new PreparedStatements(dataSource);
    await expect(statements.query('SELECT $1::int AS n', ['not a number'])).rejects.toMatchObject({ code: '22P02' });
    expect(await statements.query('SELECT $1::int AS n', ['7'])).toEqual([{ n: 7 }]);
  });

  it('prepares a write once on the connection a manager holds, in its transaction, and leaves nothing after a rollback', async () => {
    const statements = new PreparedStatements(dataSource);
    await dataSource.query('CREATE TABLE written (n int)');
    const insert = 'INSERT INTO written (n) VALUES ($1) RETURNING n';
    await dataSource
      .transaction(async (manager) => {
        for (const n of [1, 2]) {
          expect(await statements.write(manager, insert, [n])).toEqual({ rows: [{ n }], rowCount: 1 });
        }
        const prepared = await manager.query(
          'SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement = $1',
          [insert],
        );
        expect(prepared).toEqual([{ n: 1 }]);
        throw new Error('roll back');
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error) || error.message !== 'roll back') throw error;
      });
    expect(await dataSource.query('SELECT count(*)::int AS n FROM written')).toEqual([{ n: 0 }]);
  });

  it('runs further write shapes unnamed once the connection holds the bound', async () => {
    const statements = new BoundedToThree(dataSource);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      const before = (await runner.query('SELECT count(*)::int AS n FROM pg_prepared_statements'))[0].n as number;
      for (const alias of ['a', 'b', 'c', 'd', 'e']) {
        expect((await statements.write(runner.manager, `SELECT 1 AS ${alias}`, [])).rows).toEqual([{ [alias]: 1 }]);
      }
      const after = (await runner.query('SELECT count(*)::int AS n FROM pg_prepared_statements'))[0].n as number;
      expect(after).toBe(before + 3); // a, b and c prepared; d and e sent unnamed
    } finally {
      await runner.release();
    }
  });
});

describe('PreparedStatements after a column changed type', () => {
  let env: TestEnvironment;
  let dataSource: DataSource;

  beforeAll(async () => {
    env = await createTestEnvironment();
    dataSource = await new DataSource({ type: 'postgres', url: env.databaseUrl, poolSize: 4 }).initialize();
    await dataSource.query(`CREATE TABLE notes (body text); INSERT INTO notes VALUES ('42')`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await env?.dispose();
  });

  it('reads the new type on every connection that prepared the old one', async () => {
    const statements = new PreparedStatements(dataSource);
    const shape = 'SELECT body FROM notes';
    // Run at once, so each of the pool's four connections prepares the shape.
    const before = await Promise.all([1, 2, 3, 4].map(() => statements.query<{ body: unknown }>(shape, [])));
    expect(before.flat()).toEqual(Array(4).fill({ body: '42' }));

    await dataSource.query('ALTER TABLE notes ALTER COLUMN body TYPE integer USING body::integer');
    // Each read may land on a connection holding the text-typed statement: none may fail.
    for (let read = 0; read < 4; read += 1) {
      expect(await statements.query<{ body: unknown }>(shape, [])).toEqual([{ body: 42 }]);
    }
    const together = await Promise.all([1, 2, 3, 4].map(() => statements.query<{ body: unknown }>(shape, [])));
    expect(together.flat()).toEqual(Array(4).fill({ body: 42 }));
  });
});
