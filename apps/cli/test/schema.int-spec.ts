// `stagecraft schema export | diff | apply` as an operator runs them: an exported schema (its
// functions included) applied to an empty database reproduces it, and applying it again changes
// nothing.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { createTestEnvironment, ensureBuilt, runNode, TEST_REDIS_URL, type TestEnvironment } from '@stagecraft/testing';

describe('stagecraft schema', () => {
  let source: TestEnvironment;
  let target: TestEnvironment;
  let dir: string;

  const cli = async (env: TestEnvironment, args: string[]): Promise<{ code: number | null; output: string }> => {
    const run = runNode('dist/apps/cli/src/main.js', ['schema', ...args], {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
    });
    return { code: await run.exited(), output: run.output() };
  };

  beforeAll(async () => {
    ensureBuilt();
    [source, target] = await Promise.all([createTestEnvironment(), createTestEnvironment()]);
    dir = mkdtempSync(join(tmpdir(), 'stagecraft-schema-'));
  });

  afterAll(async () => {
    await Promise.all([source?.dispose(), target?.dispose()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports, applies to an empty database, and round-trips', async () => {
    // Give the source a schema through the same engine: export, edit the file, apply.
    const base = join(dir, 'base.json');
    expect((await cli(source, ['export', base])).code).toBe(0);
    const document = JSON.parse(readFileSync(base, 'utf8'));
    document.collections.push({
      id: '01a20c6a-0000-7000-8000-00000000a001',
      name: 'tasks',
      label: 'Tasks',
      description: 'Things to do',
      system: false,
      rules: { list: '', view: '', create: null, update: null, delete: null },
      fields: [
        {
          id: '01a20c6a-0000-7000-8000-00000000b001',
          name: 'title',
          type: 'text',
          options: { required: true },
          position: 0,
          system: false,
        },
        {
          id: '01a20c6a-0000-7000-8000-00000000b002',
          name: 'done',
          type: 'boolean',
          options: { default: false },
          position: 1,
          system: false,
        },
      ],
    });
    // A function travels with the collections (the API's tests cover triggers on them).
    document.functions.push({
      name: 'task_done',
      source: 'export default async (ctx) => ctx.records.list("tasks", { filter: "done = true" })',
      triggers: { http: { rule: '@request.auth.id != null' } },
    });
    const wanted = join(dir, 'wanted.json');
    writeFileSync(wanted, JSON.stringify(document));
    const applied = await cli(source, ['apply', wanted]);
    expect(applied.code).toBe(0);
    expect(applied.output).toContain('create collection "tasks"');
    expect(applied.output).toContain('create function "task_done"');

    const exported = join(dir, 'exported.json');
    expect((await cli(source, ['export', exported])).code).toBe(0);

    const diff = (await cli(target, ['diff', exported])).output;
    expect(diff).toContain('create collection "tasks"');
    expect(diff).toContain('create function "task_done"');
    expect((await cli(target, ['apply', exported])).code).toBe(0);
    const again = await cli(target, ['apply', exported]);
    expect(again.output).toContain('No changes');

    const roundTrip = join(dir, 'round-trip.json');
    expect((await cli(target, ['export', roundTrip])).code).toBe(0);
    expect(readFileSync(roundTrip, 'utf8')).toBe(readFileSync(exported, 'utf8'));

    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    const columns = await client.query(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'data' AND table_name = 'tasks' ORDER BY ordinal_position`,
    );
    await client.end();
    expect(columns.rows.map((row) => row.column_name)).toEqual([
      'id',
      'created_at',
      'updated_at',
      'created_by',
      'version',
      'title',
      'done',
    ]);
  }, 90_000); // seven CLI processes, each booting Nest against PostgreSQL and Redis

  it('carries webhook conditions along a rename applied from the command line', async () => {
    const client = new pg.Client({ connectionString: source.databaseUrl });
    await client.connect();
    try {
      const hook = '01a20c6a-0000-7000-8000-00000000c001';
      await client.query(
        `INSERT INTO stagecraft.webhooks (id, name, url, secret, collections, condition)
         VALUES ($1, 'open tasks', 'https://example.com/hook', 'whsec_dGVzdA==', '{tasks}', 'done = false')`,
        [hook],
      );
      const file = join(dir, 'renamed.json');
      expect((await cli(source, ['export', file])).code).toBe(0);
      const document = JSON.parse(readFileSync(file, 'utf8'));
      const tasks = document.collections.find((collection: { name: string }) => collection.name === 'tasks');
      tasks.fields = tasks.fields.map((field: { name: string }) =>
        field.name === 'done' ? { ...field, name: 'finished' } : field,
      );
      writeFileSync(file, JSON.stringify(document));
      const applied = await cli(source, ['apply', file]);
      expect(applied.code).toBe(0);
      const stored = await client.query('SELECT condition FROM stagecraft.webhooks WHERE id = $1', [hook]);
      expect(stored.rows[0].condition).toBe('finished = false');
    } finally {
      await client.end();
    }
  });

  it('refuses a destructive apply without --allow-destructive', async () => {
    const file = join(dir, 'empty.json');
    const current = JSON.parse(readFileSync(join(dir, 'exported.json'), 'utf8'));
    current.collections = current.collections.filter((collection: { name: string }) => collection.name !== 'tasks');
    writeFileSync(file, JSON.stringify(current));
    const refused = await cli(target, ['apply', file]);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('drops data');
    const confirmed = await cli(target, ['apply', file, '--allow-destructive']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.output).toContain('drop collection "tasks"');
  });

  it.each([
    { args: ['apply'], message: 'Usage: stagecraft schema' },
    { args: ['frobnicate'], message: 'Usage: stagecraft schema' },
  ])('explains bad usage: $args', async ({ args, message }) => {
    const run = await cli(source, args);
    expect(run.code).toBe(1);
    expect(run.output).toContain(message);
  });
});
