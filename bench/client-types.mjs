// `npm run bench:client-types`: how long TypeScript takes to type-check an app against the types
// `stagecraft gen types` writes for a big schema (BENCH_COLLECTIONS collections, 500 by default,
// of every field type, related to each other), against the target of 3 s.
//
// Generates the schema, times the generator, builds @stagecraft/client (its declarations are
// what apps compile against), writes the declarations and an app using twenty collections
// (lists with fields and expand, writes, subscriptions, uploads), then type-checks them with the
// TypeScript compiler API in a fresh Node process per run (BENCH_RUNS, 3), so no run profits
// from another's caches. Reports each run and the median, PASS/MISS, and writes
// bench/results/client-types-<timestamp>.json. The type-check must find no error.

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { log, writeResults } from './lib/harness.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const COLLECTIONS = Number(process.env.BENCH_COLLECTIONS ?? 500);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET_MS = 3000;
// Inside the repository, so the generator's own imports resolve from node_modules.
const WORK = join(ROOT, 'node_modules/.cache/bench-client-types');

const uuid = (n) => `01900000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
let ids = 0;
const field = (name, type, options = {}) => ({ id: uuid(++ids), name, type, options, position: ids, system: false });
const name = (i) => `collection_${String(i).padStart(3, '0')}`;

/** Collection i: every field type, a relation to the one before, a many-to-many to one further back. */
function collection(i) {
  const fields = [
    field('title', 'text', { required: true, maxLength: 200 }),
    field('summary', 'long_text'),
    field('quantity', 'integer', { required: true, default: 0 }),
    field('price', 'number', { precision: 10, scale: 2 }),
    field('active', 'boolean', { default: true }),
    field('starts_on', 'date'),
    field('published_at', 'datetime'),
    field('attributes', 'json'),
    field('contact', 'email'),
    field('website', 'url'),
    field('status', 'select', {
      values: ['draft', 'review', 'published', 'archived'],
      required: true,
      default: 'draft',
    }),
    field('labels', 'multi_select', { values: ['red', 'green', 'blue', 'yellow'] }),
    field('api_token', 'secret'),
    field('note', 'text', { hidden: true }),
    field('cover', 'file', { mimeTypes: ['image/*'], thumbs: ['100x100'] }),
    field('attachments', 'file', { multiple: true }),
  ];
  if (i > 0)
    fields.push(field('parent', 'relation', { kind: 'many_to_one', target: name(i - 1), onDelete: 'set_null' }));
  if (i > 1) fields.push(field('related', 'relation', { kind: 'many_to_many', target: name(Math.floor(i / 2)) }));
  if (i + 1 < COLLECTIONS)
    fields.push(field('children', 'relation', { kind: 'one_to_many', target: name(i + 1), via: 'parent' }));
  return {
    id: uuid(1_000_000 + i),
    name: name(i),
    label: `Collection ${i}`,
    description: '',
    system: false,
    rules: { list: '', view: '', create: '', update: '', delete: '' },
    fields,
  };
}

/** What an app does with one collection; twenty of these make the app. */
function usage(i) {
  const c = name(i);
  return `
export async function use${i}(client: Client): Promise<number> {
  const items = client.collection('${c}');
  const page = await items.list({
    filter: 'quantity > 1',
    sort: ['-published_at', 'title'],
    fields: ['id', 'title', 'status', 'parent'],
    expand: ['parent', 'related', 'parent.parent'],
    limit: 50,
  });
  const first = page.data[0];
  const parentTitle: string | undefined = first?.expand?.parent?.title;
  const grand: string | null | undefined = first?.expand?.parent?.expand?.parent?.summary;
  const created = await items.create({ title: 'New', labels: ['red'], cover: new Blob([]) });
  await items.update(created.id, { status: 'published', 'attachments+': new Blob([]) }, { ifMatch: created });
  for await (const item of items.iterate({ fields: ['title'] })) if (item.title === parentTitle) break;
  const live = await items.subscribe({ fields: ['title', 'status'] }, (event) => {
    if (event.action === 'update') void event.record.status;
  });
  await client.files.upload('${c}', 'cover', new Blob([]));
  await live.unsubscribe();
  return page.data.length + (grand ? 1 : 0);
}`;
}

async function loadGenerator() {
  const out = join(WORK, 'generator.mjs');
  await build({
    entryPoints: [join(ROOT, 'libs/client-codegen/src/index.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return import(pathToFileURL(out).href);
}

/** One type-check in a fresh process: its wall time and its errors. */
function typeCheckOnce(files, clientTypes) {
  const script = `
    const ts = require('typescript');
    const started = performance.now();
    const program = ts.createProgram({
      rootNames: ${JSON.stringify(files)},
      options: {
        strict: true, noEmit: true, skipLibCheck: true, types: [],
        target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        paths: { '@stagecraft/client': [${JSON.stringify(clientTypes)}] },
      },
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));
    process.stdout.write(JSON.stringify({ ms: performance.now() - started, errors: errors.slice(0, 5), count: errors.length }));`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

async function main() {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const { generateClientTypes } = await loadGenerator();
  const collections = Array.from({ length: COLLECTIONS }, (_, i) => collection(i));
  const started = performance.now();
  const declarations = generateClientTypes(collections);
  const generateMs = performance.now() - started;
  log(
    `generated ${COLLECTIONS} collections in ${generateMs.toFixed(0)} ms: ${(declarations.length / 1024).toFixed(0)} KiB`,
  );

  log('building @stagecraft/client (its declarations)');
  execFileSync('npm', ['run', 'build', '--workspace', 'libs/client'], { cwd: ROOT, stdio: 'ignore' });
  writeFileSync(join(WORK, 'stagecraft.d.ts'), declarations);
  const used = Array.from({ length: 20 }, (_, k) => Math.floor(((k + 1) * COLLECTIONS) / 21));
  writeFileSync(
    join(WORK, 'app.ts'),
    `import type { Client } from './stagecraft.js';\n${used.map(usage).join('\n')}\n`,
  );

  const files = [join(WORK, 'app.ts'), join(WORK, 'stagecraft.d.ts')];
  const clientTypes = join(ROOT, 'libs/client/dist/index.d.ts');
  const runs = [];
  for (let run = 1; run <= RUNS; run++) {
    const outcome = typeCheckOnce(files, clientTypes);
    if (outcome.count > 0)
      throw new Error(`the app does not type-check (${outcome.count}): ${outcome.errors.join(' | ')}`);
    runs.push(outcome.ms);
    log(`type-check ${run}/${RUNS}: ${outcome.ms.toFixed(0)} ms`);
  }
  const median = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const verdict = median <= TARGET_MS ? 'PASS' : 'MISS';
  log(
    `${verdict}: ${COLLECTIONS} collections type-check in ${median.toFixed(0)} ms (median of ${RUNS}; target ${TARGET_MS} ms)`,
  );
  writeResults('client-types', {
    collections: COLLECTIONS,
    declarationBytes: declarations.length,
    generateMs: Math.round(generateMs),
    typeCheckMs: runs.map(Math.round),
    medianMs: Math.round(median),
    targetMs: TARGET_MS,
    verdict,
  });
  rmSync(WORK, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
