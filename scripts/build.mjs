// Builds everything `npm start` runs: the server code (swc, ESM, into dist/) and, when the
// console has sources, the console (Vite, into admin-ui/dist); `--server` builds the server
// only. Type-checking is `npm run typecheck`.

import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => resolve(root, 'node_modules/.bin', name);

function run(command, args, cwd = root) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

rmSync(resolve(root, 'dist'), { recursive: true, force: true });
run(bin('swc'), [
  'apps',
  'libs',
  'config',
  'migrations',
  '--out-dir',
  'dist',
  '--config-file',
  '.swcrc',
  '--ignore',
  // The client package builds itself (libs/client/scripts/build.mjs); the server does not run it.
  '**/*.spec.ts,**/*.int-spec.ts,**/test/**,libs/testing/**,libs/client/**',
  '--quiet',
]);
// dist/ holds ESM like the sources; say so for tools that read it outside this package.
writeFileSync(resolve(root, 'dist/package.json'), '{ "type": "module" }\n');

// `--server` skips the console (a server-only change, or a console being edited).
const serverOnly = process.argv.includes('--server');
if (!serverOnly && existsSync(resolve(root, 'admin-ui/index.html'))) {
  run('npm', ['run', 'build', '--workspace', 'admin-ui']);
}
// Only a full build counts as up to date for `npm start`; a server build counts for tests
// (ensure-built --server). Without its own stamp, every test suite rebuilt, deleting dist/ under
// the processes of the suites running beside it.
writeFileSync(resolve(root, serverOnly ? 'dist/.built-server' : 'dist/.built'), new Date().toISOString());
