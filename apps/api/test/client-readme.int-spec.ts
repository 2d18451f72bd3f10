// The package README's example, as written: type-checked against types generated from a server
// holding the collection it uses, then bundled and run by Node as its own program against that
// server (only the URL is swapped), which must finish and print what the example says.

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplicationContext } from '@nestjs/common';
import { collectionsOf, generateClientTypes } from '@stagecraft/client-codegen';
import { createTestEnvironment, httpClient, REPO_ROOT, type TestEnvironment } from '@stagecraft/testing';
import { build } from 'esbuild';
import ts from 'typescript';
import { setupAdmin } from './support/identity.js';
import { createCollection } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const CLIENT_SOURCE = resolve(REPO_ROOT, 'libs/client/src/index.ts');
const README_URL = 'http://localhost:8080';

/** The first TypeScript block of the README. */
function readmeExample(): string {
  const readme = readFileSync(resolve(REPO_ROOT, 'libs/client/README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error('libs/client/README.md has no ```ts block');
  return block;
}

describe('@stagecraft/client README example', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    const http = httpClient(api.url);
    const admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'posts',
      rules: {
        list: '',
        view: '',
        create: '@request.auth.id != null',
        update: '@request.auth.id != null',
        delete: null,
      },
      fields: [
        { name: 'title', type: 'text', options: { required: true } },
        {
          name: 'status',
          type: 'select',
          options: { values: ['draft', 'published'], required: true, default: 'draft' },
        },
      ],
    });
    const ada = await http.post('/api/v1/auth/register', {
      email: 'ada@example.com',
      password: 'correct horse battery staple',
    });
    expect(ada.status).toBe(201);
    dir = mkdtempSync(join(tmpdir(), 'stagecraft-readme-'));
    const metadata = await http.get('/api/v1/collections', { token: admin.token });
    writeFileSync(join(dir, 'stagecraft.d.ts'), generateClientTypes(collectionsOf(metadata.body)));
    writeFileSync(join(dir, 'example.ts'), readmeExample().replace(README_URL, api.url));
  });

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    await env?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('type-checks', () => {
    const program = ts.createProgram({
      rootNames: [join(dir, 'example.ts')],
      options: {
        strict: true,
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        types: [],
        skipLibCheck: true,
        moduleDetection: ts.ModuleDetectionKind.Force,
        paths: { '@stagecraft/client': [CLIENT_SOURCE] },
      },
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    expect(problems).toEqual([]);
  });

  it('runs, and prints what it says', async () => {
    await build({
      entryPoints: [join(dir, 'example.ts')],
      outfile: join(dir, 'example.mjs'),
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      alias: { '@stagecraft/client': CLIENT_SOURCE },
      logLevel: 'warning',
    });
    // Run asynchronously: the API it talks to lives in this process.
    const run = await promisify(execFile)(process.execPath, [join(dir, 'example.mjs')], { timeout: 20_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      'published: Hello',
      'found: Hello',
      'renamed to: Hello, world version 2',
    ]);
  });
});
