// Builds the package into dist/: index.js (ESM, one file, for bundlers, Node and Deno),
// stagecraft-client.min.js (the same minified, for a <script type="module"> or a CDN) and the
// type declarations. The bundle is platform-neutral, so the one file runs in browsers and
// React Native too (bundle-options.mjs).

import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from './bundle-options.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(root, 'dist');
const options = bundleOptions(root);

rmSync(dist, { recursive: true, force: true });
await build({ ...options, outfile: resolve(dist, 'index.js'), sourcemap: true });
await build({ ...options, outfile: resolve(dist, 'stagecraft-client.min.js'), minify: true, sourcemap: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const declarations = spawnSync(process.execPath, [tsc, '-p', resolve(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (declarations.status !== 0) process.exit(declarations.status ?? 1);
