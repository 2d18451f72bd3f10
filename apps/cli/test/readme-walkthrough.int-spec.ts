// The README's examples work as written: every ```sh tested block, in the README's order, runs
// in one bash session against a fresh `stagecraft start` (API and worker, as `npm start` runs
// them), with curl failing on any 4xx or 5xx answer. The walkthrough's ```ts tested program runs
// where it stands, as an app's would: compiled beforehand, with the client package installed
// beside it, and type-checked against the types the session saved. Only the port differs.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  compileClientProgram,
  createTestEnvironment,
  ensureBuilt,
  freePort,
  installClientPackage,
  REPO_ROOT,
  runNode,
  typeCheckClientProgram,
  TEST_REDIS_URL,
  waitFor,
  type RunningProcess,
  type TestEnvironment,
} from '@stagecraft/testing';

const CLI = 'dist/apps/cli/src/main.js';

interface TestedBlock {
  readonly language: 'sh' | 'ts';
  readonly code: string;
}

/** The README's tested blocks, in order. */
function testedBlocks(): TestedBlock[] {
  const readme = readFileSync(resolve(REPO_ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```(sh|ts) tested\n([\s\S]*?)^```$/gm)].map((match) => ({
    language: match[1] === 'ts' ? 'ts' : 'sh',
    code: match[2] ?? '',
  }));
}

const codeOf = (blocks: readonly TestedBlock[], language: TestedBlock['language']): string[] =>
  blocks.filter((block) => block.language === language).map((block) => block.code);

const forThisPort = (text: string, port: number): string =>
  text.replaceAll('http://localhost:8080', `http://localhost:${port}`);

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

  it('finds the walkthrough, its SDK program and the examples after it', () => {
    const blocks = testedBlocks();
    expect(codeOf(blocks, 'sh').length).toBeGreaterThanOrEqual(4);
    expect(codeOf(blocks, 'sh').join('\n')).toMatch(
      /auth\/setup[\s\S]*\/collections[\s\S]*rules[\s\S]*client-types[\s\S]*realtime[\s\S]*-F 'receipt=/,
    );
    expect(codeOf(blocks, 'ts')).toHaveLength(1);
  });

  it('runs every tested block in one shell session, each curl answered 2xx, the SDK program in its place', async () => {
    const blocks = testedBlocks();
    // Not in the README: a refused request fails the run, with the problem document shown. A
    // script rather than a shell function, so that `curl … &` and `kill $!` still reach curl.
    const strictCurlDir = join(workDir, 'bin');
    mkdirSync(strictCurlDir);
    const realCurl = spawnSync('sh', ['-c', 'command -v curl'], { encoding: 'utf8' }).stdout.trim();
    writeFileSync(join(strictCurlDir, 'curl'), `#!/bin/sh\nexec ${realCurl} --fail-with-body --show-error "$@"\n`, {
      mode: 0o755,
    });
    // Nor is this: the app's program, with the package installed beside it, compiled now and
    // run by the session where the README shows it.
    writeFileSync(join(workDir, 'walkthrough.ts'), forThisPort(codeOf(blocks, 'ts').join('\n'), port));
    await installClientPackage(workDir);
    await compileClientProgram(join(workDir, 'walkthrough.ts'), { installed: true });
    const steps = blocks.map((block) =>
      block.language === 'sh' ? block.code : 'node walkthrough.mjs > walkthrough.out 2> walkthrough.err',
    );
    const script = forThisPort(['set -euo pipefail', ...steps].join('\n'), port);
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
    expect(readFileSync(join(workDir, 'walkthrough.err'), 'utf8')).toBe('');
    // Ada's orders under 100 (not her standing desk, nor anyone else's), by item.
    expect(readFileSync(join(workDir, 'walkthrough.out'), 'utf8').trim().split('\n')).toEqual([
      'Desk lamp: 44.9',
      'Monitor arm: 79',
    ]);
  }, 150_000);

  it('type-checks the SDK program against the types the session saved from the server', async () => {
    const check = await typeCheckClientProgram([join(workDir, 'walkthrough.ts')], { installed: true });
    expect(check.findings).toEqual([]);
  });
});
