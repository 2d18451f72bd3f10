// Builds the server and the console, then starts the built API on a fresh database.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ADMIN_UI, REPO, startServer, stopServer } from './server';

export default async function globalSetup(): Promise<void> {
  mkdirSync(resolve(ADMIN_UI, 'test-results'), { recursive: true });
  mkdirSync(resolve(REPO, 'docs', 'screenshots'), { recursive: true });
  await stopServer(); // a previous run that crashed before its teardown
  if (!process.env.E2E_SKIP_BUILD) {
    execFileSync(process.execPath, ['../scripts/build.mjs'], { cwd: ADMIN_UI, stdio: 'inherit' });
  }
  const state = await startServer();
  process.env.E2E_BASE_URL = state.baseUrl;
}
