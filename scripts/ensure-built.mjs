// Builds only when needed: when dist/ is missing or a source file is newer than the last build,
// so `npm start` is quick on the second run and never runs stale code.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// `--server` (tests): the server alone is enough, and a full build counts as well.
const serverOnly = process.argv.includes('--server');
const stamps = serverOnly ? ['dist/.built', 'dist/.built-server'] : ['dist/.built'];
const serverSources = ['apps', 'libs', 'config', 'migrations', '.swcrc', 'package-lock.json'];
const sources = serverOnly
  ? serverSources
  : [...serverSources, 'admin-ui/src', 'admin-ui/index.html', 'admin-ui/graphiql.html'];

/**
 * The newest modification time of the files under `path`. A folder's own time is left out: it
 * moves when anything is created in it, such as libs/client/dist, which a test builds while
 * other suites start (and a rebuild under them took dist/ away mid-run).
 */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const builtAt = Math.max(...stamps.map((stamp) => newestMtime(resolve(root, stamp))));
const changedAt = Math.max(...sources.map((source) => newestMtime(resolve(root, source))));
if (changedAt > builtAt) {
  const result = spawnSync(process.execPath, [resolve(root, 'scripts/build.mjs'), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(result.status ?? 1);
}
