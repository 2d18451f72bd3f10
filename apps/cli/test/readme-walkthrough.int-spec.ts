// The README's examples work as written: every ```sh tested block, in the README's order, runs
// in one bash session against a fresh `stagecraft start` (API and worker, as `npm start` runs
// them), with curl failing on any 4xx or 5xx answer. Only the port differs from the README.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createTestEnvironment,
  ensureBuilt,
  freePort,
  REPO_ROOT,
  runNode,
  TEST_REDIS_URL,
  waitFor,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';

const CLI = 'dist/apps/cli/src/main.js';

/** The README's tested blocks, in order. */
function testedBlocks(readme: string): string[] {
  return [...readme.matchAll(/^```sh tested\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
}

describe('the README, followed as written', () => {
  let env: TestEnvironment;
  let workDir: string;
  let port: number;
  let started: RunningProcess;

  beforeAll(async () => {
    ensureBuilt();
    env = await createTestEnvironment();
    workDir = mkdtempSync(join(tmpdir(), 'stagecraft-readme-'));
    port = await freePort();
    started = runNode(CLI, ['start'], {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: env.redisPrefix,
      DATA_DIR: join(workDir, '.data'),
      FILES_DIR: join(workDir, 'files'),
    });
    await waitFor(
      () => {
        if (started.child.exitCode !== null) throw new Error(`stagecraft start exited:\n${started.output()}`);
        return Promise.resolve(started.output());
      },
      (output) => output.includes('Stagecraft is running'),
      { timeoutMs: 60_000, intervalMs: 100, what: 'the start-up banner' },
    );
  }, 90_000);

  afterAll(async () => {
    if (started) expect(await started.stop('SIGINT')).toBe(0);
    await env?.dispose();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('finds the walkthrough and the examples after it', () => {
    const blocks = testedBlocks(readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8'));
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    expect(blocks.join('\n')).toMatch(/auth\/setup[\s\S]*\/collections[\s\S]*rules[\s\S]*realtime[\s\S]*-F 'receipt=/);
  });

  it('runs every tested block in one shell session, each curl answered 2xx', () => {
    const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
    // Not in the README: a refused request fails the run, with the problem document shown. A
    // script rather than a shell function, so that `curl … &` and `kill $!` still reach curl.
    const strictCurlDir = join(workDir, 'bin');
    mkdirSync(strictCurlDir);
    const realCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(strictCurlDir, 'curl'), `#!/bin/sh\nexec ${realCurl} --fail-with-body --show-error "$@"\n`, {
      mode: 0o755,
    });
    const script = ['set -euo pipefail', ...testedBlocks(readme)]
      .join('\n')
      .replaceAll('http://localhost:8080', `http://localhost:${port}`);
    const run = spawnSync('bash', ['-c', script], {
      cwd: workDir,
      env: { PATH: `${strictCurlDir}:${process.env.PATH}`, HOME: process.env.HOME },
      encoding: 'utf8',
      timeout: 120_000,
      killSignal: 'SIGKILL',
    });
    const transcript = `exit ${run.status}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}\n--- stagecraft\n${started.output()}`;
    if (run.status !== 0) throw new Error(transcript);
    // What the walkthrough says it shows.
    expect(run.stdout).toContain('"action":"create"');
    expect(run.stdout).toContain('Desk lamp, 44.90 EUR');
  }, 150_000);
});
