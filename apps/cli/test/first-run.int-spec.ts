// `npm ci && npm start` on a fresh clone, as far as a test can go: the repository's own
// `start` and `stagecraft` npm scripts run through npm in an empty directory (dist/ linked in,
// already built), with the embedded PostgreSQL. It checks the banner, that a development
// instance answers only on loopback, that `admin create` finds the embedded database, and that
// Ctrl-C and SIGTERM end `npm start` with exit code 0 and nothing left running.

import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, freePort, REPO_ROOT, TEST_REDIS_URL, waitFor } from '@stagecraft/testing';

interface Npm {
  readonly child: ChildProcess;
  output(): string;
  exited(): Promise<number | null>;
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Npm {
  // Its own process group, as a terminal's foreground job is: Ctrl-C signals the whole group.
  const child = spawn('npm', args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited: () => exit };
}

/** An address of this machine other than loopback, if it has one. */
function otherAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address?.family === 'IPv4' && !address.internal)?.address;
}

const answers = (url: string): Promise<boolean> =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );

describe('npm start on a fresh clone', () => {
  let clone: string;
  let env: NodeJS.ProcessEnv;
  let port: number;

  beforeAll(async () => {
    ensureBuilt();
    clone = mkdtempSync(join(tmpdir(), 'stagecraft-clone-'));
    // As root, PostgreSQL runs as the `postgres` user, which must be able to reach ./.data.
    chmodSync(clone, 0o755);
    const { scripts } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    writeFileSync(
      join(clone, 'package.json'),
      JSON.stringify({
        name: 'clone',
        private: true,
        scripts: { start: scripts.start, stagecraft: scripts.stagecraft },
      }),
    );
    mkdirSync(join(clone, 'scripts'));
    writeFileSync(join(clone, 'scripts/ensure-built.mjs'), '// dist/ is built by the test\n');
    symlinkSync(join(REPO_ROOT, 'dist'), join(clone, 'dist'));
    mkdirSync(join(clone, 'admin-ui/dist'), { recursive: true });
    writeFileSync(join(clone, 'admin-ui/dist/index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(clone, 'admin-ui/dist/graphiql.html'), '<!doctype html><title>GraphiQL</title>');

    const [apiPort, pgPort] = await Promise.all([freePort(), freePort()]);
    port = apiPort;
    // What a newcomer's shell has: nothing of Stagecraft's but the ports this machine needs free.
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      EMBEDDED_POSTGRES_PORT: String(pgPort),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `stagecraft-first-run-${port}`,
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(() => {
    if (clone) rmSync(clone, { recursive: true, force: true });
  });

  const startedBanner = async (started: Npm): Promise<string> => {
    await waitFor(
      () => {
        if (started.child.exitCode !== null) throw new Error(`npm start exited:\n${started.output()}`);
        return Promise.resolve(started.output());
      },
      (output) => output.includes('Stagecraft is running'),
      { timeoutMs: 90_000, intervalMs: 100, what: 'the banner' },
    );
    // The banner is written at once; its last line ends it.
    await waitFor(
      () => Promise.resolve(started.output()),
      (output) => output.includes('Ctrl-C stops Stagecraft'),
      {
        what: 'the whole banner',
      },
    );
    return started.output();
  };

  it('shows the banner, answers on loopback only, lets admin create find the database, and exits 0 on Ctrl-C', async () => {
    const started = npm(['start'], clone, env);
    try {
      const output = await startedBanner(started);
      expect(output).toContain(`Console   http://localhost:${port}/admin/`);
      expect(output).toContain(`API       http://localhost:${port}/api/v1\n`);
      expect(output).toContain(`GraphQL   http://localhost:${port}/api/v1/graphql\n`);
      expect(output).toContain(`GraphiQL  http://localhost:${port}/api/graphql\n`);
      expect(output).toContain(`Docs      http://localhost:${port}/api/docs`);
      expect(output).toContain('No admin yet: open the console to create the first admin.');
      expect(output).toContain('Only this machine can connect (HOST=127.0.0.1)');

      expect((await fetch(`http://127.0.0.1:${port}/api/v1`)).status).toBe(200);
      // The banner's GraphQL lines lead somewhere.
      const graphql = await fetch(
        `http://127.0.0.1:${port}/api/v1/graphql?query=${encodeURIComponent('{ __typename }')}`,
      );
      expect(await graphql.json()).toEqual({ data: { __typename: 'Query' } });
      expect((await fetch(`http://127.0.0.1:${port}/api/graphql`)).status).toBe(200);
      const other = otherAddress();
      if (other) expect(await answers(`http://${other}:${port}/health/live`)).toBe(false);

      const admin = npm(
        [
          'run',
          'stagecraft',
          '--',
          'admin',
          'create',
          '--email',
          'root@example.com',
          '--password',
          'plum-tree-lantern-42',
        ],
        clone,
        env,
      );
      expect({ code: await admin.exited(), output: admin.output() }).toEqual({
        code: 0,
        output: expect.stringContaining('Created admin root@example.com'),
      });
      const setup = await (await fetch(`http://127.0.0.1:${port}/api/v1/auth/setup`)).json();
      expect(setup).toEqual({ needs_setup: false });
    } finally {
      process.kill(-(started.child.pid as number), 'SIGINT'); // Ctrl-C: the terminal signals the whole group
    }
    expect(await started.exited()).toBe(0);
    expect(existsSync(join(clone, '.data/postgres/postmaster.pid'))).toBe(false);
    expect(await answers(`http://127.0.0.1:${port}/health/live`)).toBe(false);
    // PostgreSQL stopped last, so nothing lost its database while stopping (LOG_LEVEL=warn).
    expect(started.output()).not.toMatch(/"level":[456]0/);
  }, 180_000);

  it('lets admin create start the embedded database itself, and exits 0 on SIGTERM to npm', async () => {
    const admin = npm(
      [
        'run',
        'stagecraft',
        '--',
        'admin',
        'create',
        '--email',
        'second@example.com',
        '--password',
        'plum-tree-lantern-42',
      ],
      clone,
      env,
    );
    expect(await admin.exited()).toBe(0);
    expect(admin.output()).toContain('starting it for this command');
    expect(admin.output()).toContain('Created admin second@example.com');
    expect(existsSync(join(clone, '.data/postgres/postmaster.pid'))).toBe(false);

    const started = npm(['start'], clone, env);
    try {
      const output = await startedBanner(started);
      expect(output).not.toContain('No admin yet');
    } finally {
      started.child.kill('SIGTERM'); // to npm alone, as a process manager does
    }
    expect(await started.exited()).toBe(0);
    expect(existsSync(join(clone, '.data/postgres/postmaster.pid'))).toBe(false);
    expect(await answers(`http://127.0.0.1:${port}/health/live`)).toBe(false);
  }, 180_000);
});
