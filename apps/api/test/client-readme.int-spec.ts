// The package README's example, as written: type-checked against types generated from a server
// holding the collection it uses, then bundled and run by Node as its own program against that
// server (only the URL is swapped), which must finish and print what the example says.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { collectionsOf, generateClientTypes } from '@stagecraft/client-codegen';
import {
  createTestEnvironment,
  httpClient,
  REPO_ROOT,
  runClientProgram,
  typeCheckClientProgram,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin } from './support/identity.js';
import { createCollection } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

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

  it('type-checks', async () => {
    expect((await typeCheckClientProgram([join(dir, 'example.ts')])).findings).toEqual([]);
  });

  it('runs, and prints what it says', async () => {
    const run = await runClientProgram(join(dir, 'example.ts'));
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual([
      'published: Hello',
      'found: Hello',
      'renamed to: Hello, world version 2',
    ]);
  });
});
