// `stagecraft admin create` as an operator runs it: a real process against a real database.

import pg from 'pg';
import { createTestEnvironment, ensureBuilt, runNode, type TestEnvironment } from '@stagecraft/testing';

describe('stagecraft admin create', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.dispose();
  });

  const run = async (args: string[]): Promise<{ code: number | null; output: string }> => {
    const cli = runNode('dist/apps/cli/src/main.js', ['admin', 'create', ...args], {
      PATH: process.env.PATH,
      DATABASE_URL: env.databaseUrl,
    });
    return { code: await cli.exited(), output: cli.output() };
  };

  it('creates a verified admin with an argon2id hash', async () => {
    const { code, output } = await run(['--email', 'Root@Example.com', '--password', 'plum-tree-lantern-42']);
    expect({ code, output }).toMatchObject({
      code: 0,
      output: expect.stringContaining('Created admin Root@Example.com'),
    });
    const client = new pg.Client({ connectionString: env.databaseUrl });
    await client.connect();
    const { rows } = await client.query(
      `SELECT role, verified, password_hash FROM data.users WHERE email = 'Root@Example.com'`,
    );
    await client.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ role: 'admin', verified: true });
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });

  it.each([
    { name: 'a weak password', args: ['--email', 'weak@example.com', '--password', 'password'], message: 'password' },
    {
      name: 'a taken email',
      args: ['--email', 'root@example.com', '--password', 'plum-tree-lantern-42'],
      message: 'already exists',
    },
    { name: 'no password', args: ['--email', 'x@example.com'], message: 'Usage: stagecraft admin create' },
    { name: 'an unknown flag', args: ['--mail', 'x@example.com'], message: "Unknown option '--mail'" },
  ])('refuses $name with a clear message and exit code 1', async ({ args, message }) => {
    const { code, output } = await run(args);
    expect(code).toBe(1);
    expect(output).toContain(message);
  });
});
