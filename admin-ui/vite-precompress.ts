// Writes a brotli (.br) and a gzip (.gz) copy beside every text file of the build, once, at the
// strongest settings, so the API sends them as they are (@fastify/static's preCompressed) rather
// than compressing on every request or not at all.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats: images and fonts of the build are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.svg', '.txt', '.map', '.wasm']);
/** Below this a compressed copy saves less than its headers cost. */
const MIN_BYTES = 1024;

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/** Compresses one file; a copy that is not smaller than the file is not written. */
async function precompressFile(path: string): Promise<void> {
  const content = await readFile(path);
  const [br, gz] = await Promise.all([
    brotli(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
    gzipAsync(content, { level: constants.Z_BEST_COMPRESSION }),
  ]);
  if (br.length < content.length) await writeFile(`${path}.br`, br);
  if (gz.length < content.length) await writeFile(`${path}.gz`, gz);
}

export async function precompressDirectory(directory: string): Promise<number> {
  const files = [];
  for (const path of await filesUnder(directory)) {
    if (!COMPRESSIBLE.has(extname(path)) || (await stat(path)).size < MIN_BYTES) continue;
    files.push(path);
  }
  // zlib's work runs on libuv's thread pool: all at once keeps its threads busy.
  await Promise.all(files.map(precompressFile));
  return files.length;
}

/** Runs after Vite has written the bundle and copied public/. */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'stagecraft-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle(error) {
      if (error) return;
      const count = await precompressDirectory(outDir);
      this.info(`precompressed ${count} files (brotli and gzip) in ${outDir}`);
    },
  };
}
