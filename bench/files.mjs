// `npm run bench:files`: file fields under load, against one built API process and a worker on a
// throw-away database, on loopback only, bounded in time.
//
// Three phases; the resumable upload runs last, so its disk writes do not slow the others.
// 1. Resumable upload: BENCH_TUS_MB (200) MiB over tus in BENCH_TUS_CHUNK_MB (8) MiB chunks; three
//    times a chunk's connection is cut halfway through, the client asks the server for its offset
//    (HEAD) and goes on from there. Counts the bytes sent again after each cut (target: at most
//    one chunk), then attaches the upload to a record and checks its checksum.
// 2. Thumbnails, cold: BENCH_THUMB_ROUNDS (5) rounds; each uploads a fresh 12-megapixel JPEG
//    (4000×3000, a gradient with grain, about the 3–5 MB of a phone photo) and sends 20 identical `?thumb=320x0` requests
//    at once. Reports p50/p99 of the 100 latencies (target p99 ≤ 300 ms) and the transforms the
//    API made (target: exactly one per round, from /metrics).
// 3. Thumbnails, cached: wrk (2 threads, 32 connections, 3 s warm-up, BENCH_DURATION s, 8) against the same
//    thumbnail through the API, and against a static file server (bench/baseline/static-files.mjs)
//    serving the same bytes, alternated, 2 rounds each (target: ≥ 0.7× the floor's req/s).
// The API's RSS is sampled every 250 ms throughout (target < 300 MiB). Prints PASS/MISS and
// writes bench/results/files-<timestamp>.json.
//
// Environment: BENCH_DATABASE_URL, REDIS_URL, BENCH_TUS_MB, BENCH_TUS_CHUNK_MB, BENCH_THUMB_ROUNDS,
// BENCH_DURATION, BENCH_API_NODE_OPTIONS, BENCH_API_NODE_ARGS (e.g. to profile the API).

import { Buffer } from 'node:buffer';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import {
  ADMIN_EMAIL,
  BENCH_SECRETS,
  call,
  cleanup,
  cleanups,
  expectStatus,
  log,
  PASSWORD,
  prepareRun,
  writeResults,
} from './lib/harness.mjs';
import { DEFAULT_ADMIN_URL } from './lib/database.mjs';
import { freePort, startNode, waitUntilReady } from './lib/processes.mjs';
import { measureWrk } from './lib/wrk.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const MiB = 1024 * 1024;

const config = {
  adminUrl: env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL,
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  tusMiB: Number(env.BENCH_TUS_MB ?? 200),
  chunkMiB: Number(env.BENCH_TUS_CHUNK_MB ?? 8),
  thumbRounds: Number(env.BENCH_THUMB_ROUNDS ?? 5),
  duration: Number(env.BENCH_DURATION ?? 8),
};
const TARGETS = { thumbP99Ms: 300, cachedRatio: 0.7, rssMiB: 300, resentChunks: 1 };
const CONCURRENT_THUMBS = 20;
const WARMUP_SECONDS = 3;
const DISCONNECTS = 3;
const COLLECTION = {
  name: 'media',
  rules: { list: '', view: '', create: '', update: '', delete: '' },
  fields: [
    { name: 'title', type: 'text' },
    { name: 'video', type: 'file', options: { maxSize: 256 * MiB } },
    { name: 'photo', type: 'file', options: { mimeTypes: ['image/*'], maxSize: 40 * MiB, thumbs: ['320x0'] } },
  ],
};

function rssSampler(pid) {
  let peak = 0;
  const sample = () => {
    try {
      const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kib / 1024);
    } catch {
      // gone: its peak stays
    }
  };
  const timer = globalThis.setInterval(sample, 250);
  return { peak: () => (sample(), peak), stop: () => globalThis.clearInterval(timer) };
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

// ---- 1. tus ------------------------------------------------------------------------------------

/** PATCH one chunk; with `cutAfter`, the connection is destroyed once that many bytes are written. */
function patchChunk(url, id, offset, chunk, { token, cutAfter }) {
  return new Promise((done) => {
    const req = request(`${url}/api/v1/uploads/${id}`, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(chunk.length),
        authorization: `Bearer ${token}`,
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode, offset: Number(res.headers['upload-offset']) }));
    });
    req.on('error', () => done({ status: 0, offset: undefined }));
    if (cutAfter === undefined) {
      req.end(chunk);
      return;
    }
    req.write(chunk.subarray(0, cutAfter), () => {
      // Give the bytes time to reach the server, then drop the connection as a flaky network would.
      globalThis.setTimeout(() => req.destroy(new Error('forced disconnect')), 200);
    });
  });
}

async function serverOffset(url, id, token) {
  const response = await globalThis.fetch(`${url}/api/v1/uploads/${id}`, {
    method: 'HEAD',
    headers: { 'tus-resumable': '1.0.0', authorization: `Bearer ${token}` },
  });
  return Number(response.headers.get('upload-offset'));
}

async function resumableUpload(url, token) {
  const size = config.tusMiB * MiB;
  const chunkSize = config.chunkMiB * MiB;
  const data = randomBytes(size);
  const checksum = `sha256:${createHash('sha256').update(data).digest('hex')}`;
  const b64 = (text) => Buffer.from(text).toString('base64');
  const created = await globalThis.fetch(`${url}/api/v1/uploads`, {
    method: 'POST',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': `collection ${b64('media')},field ${b64('video')},filename ${b64('video.bin')}`,
      authorization: `Bearer ${token}`,
    },
  });
  if (created.status !== 201) throw new Error(`tus create: ${created.status} ${await created.text()}`);
  const id = created.headers.get('location').split('/').pop();
  const chunks = Math.ceil(size / chunkSize);
  const cutAt = new Set([3, Math.floor(chunks / 2), chunks - 3].map((n) => Math.max(0, Math.min(chunks - 1, n))));
  const resent = [];
  let offset = 0;
  let sent = 0;
  let chunkIndex = 0;
  const started = Date.now();
  while (offset < size) {
    const chunk = data.subarray(offset, Math.min(offset + chunkSize, size));
    const cut = cutAt.has(chunkIndex) && resent.length < DISCONNECTS && chunk.length === chunkSize;
    if (cut) {
      cutAt.delete(chunkIndex);
      await patchChunk(url, id, offset, chunk, { token, cutAfter: Math.floor(chunk.length / 2) });
      sent += Math.floor(chunk.length / 2);
      // The connection is gone: ask where the server is, and go on from there.
      await sleep(300);
      const held = await serverOffset(url, id, token);
      resent.push(offset + Math.floor(chunk.length / 2) - held);
      offset = held;
      continue;
    }
    const result = await patchChunk(url, id, offset, chunk, { token });
    if (result.status !== 204) throw new Error(`tus PATCH at ${offset}: ${result.status}`);
    sent += chunk.length;
    offset = result.offset;
    chunkIndex += 1;
  }
  const seconds = (Date.now() - started) / 1000;
  const record = await expectStatus(
    call(url, 'POST', '/api/v1/collections/media/records', { token, body: { title: 'video', video: { upload: id } } }),
    201,
    'attach upload',
  );
  return {
    sizeMiB: config.tusMiB,
    chunkMiB: config.chunkMiB,
    disconnects: resent.length,
    resentBytesPerDisconnect: resent,
    bytesSent: sent,
    seconds,
    mibPerSecond: config.tusMiB / seconds,
    checksumMatches: record.data.video.checksum === checksum,
  };
}

// ---- 2. cold thumbnails -------------------------------------------------------------------------

async function transformsSoFar(url) {
  const text = await (await globalThis.fetch(`${url}/metrics`)).text();
  return Number(/^stagecraft_thumbnail_transforms_total (\S+)$/m.exec(text)?.[1] ?? Number.NaN);
}

async function uploadPhoto(url, token, round) {
  // A photo-like picture: a smooth gradient (sky, walls) under sensor grain.
  const grain = await sharp({
    create: { width: 4000, height: 3000, channels: 3, noise: { type: 'gaussian', mean: 128, sigma: 12 } },
  })
    .raw()
    .toBuffer();
  const jpeg = await sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="4000" height="3000"><defs><linearGradient id="g" x2="1" y2="1">` +
        `<stop offset="0" stop-color="#${(0x3060a0 + round * 0x10101).toString(16)}"/><stop offset="1" stop-color="#e0c080"/>` +
        `</linearGradient></defs><rect width="4000" height="3000" fill="url(#g)"/></svg>`,
    ),
  )
    .composite([{ input: grain, raw: { width: 4000, height: 3000, channels: 3 }, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .toBuffer();
  const form = new globalThis.FormData();
  form.append('@json', JSON.stringify({ title: `photo ${round}` }));
  form.append('photo', new globalThis.Blob([jpeg], { type: 'image/jpeg' }), `photo-${round}.jpg`);
  const response = await globalThis.fetch(`${url}/api/v1/collections/media/records`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  if (response.status !== 201) throw new Error(`photo upload: ${response.status} ${await response.text()}`);
  const { data } = await response.json();
  return { path: `/api/v1/files/media/${data.id}/${data.photo.name}?thumb=320x0`, bytes: jpeg.length };
}

async function coldThumbnails(url, token) {
  const latencies = [];
  const transforms = [];
  const roundMax = [];
  let photoBytes = 0;
  let lastPath = '';
  for (let round = 0; round < config.thumbRounds; round += 1) {
    const { path, bytes } = await uploadPhoto(url, token, round);
    photoBytes = bytes;
    lastPath = path;
    const before = await transformsSoFar(url);
    const timed = await Promise.all(
      Array.from({ length: CONCURRENT_THUMBS }, async () => {
        const start = performance.now();
        const response = await globalThis.fetch(`${url}${path}`);
        const body = Buffer.from(await response.arrayBuffer());
        if (response.status !== 200 || response.headers.get('content-type') !== 'image/webp')
          throw new Error(`thumb: ${response.status} ${body.toString().slice(0, 200)}`);
        return performance.now() - start;
      }),
    );
    latencies.push(...timed);
    roundMax.push(Math.max(...timed));
    transforms.push((await transformsSoFar(url)) - before);
  }
  return {
    rounds: config.thumbRounds,
    concurrent: CONCURRENT_THUMBS,
    photoMiB: photoBytes / MiB,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    transformsPerRound: transforms,
    slowestPerRoundMs: roundMax,
    path: lastPath,
  };
}

// ---- 3. cached thumbnails vs a static server -------------------------------------------------------

async function cachedThumbnails(url, apiPid, path) {
  const thumb = Buffer.from(await (await globalThis.fetch(`${url}${path}`)).arrayBuffer());
  const root = await mkdtemp(join(tmpdir(), 'stagecraft-bench-static-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  await writeFile(join(root, 'thumb.webp'), thumb);
  const port = await freePort();
  const floor = startNode('static files', resolve(ROOT, 'bench/baseline/static-files.mjs'), {
    cwd: ROOT,
    env: { PATH: env.PATH, STATIC_ROOT: root, PORT: String(port) },
  });
  cleanups.push(() => floor.stop());
  const floorUrl = `http://127.0.0.1:${port}`;
  await waitUntilReady(floor, `${floorUrl}/health`);
  const script = resolve(ROOT, 'bench/wrk/get.lua');
  const measure = (target, pid, benchPath, duration = config.duration) =>
    measureWrk({
      url: target,
      connections: 32,
      threads: 2,
      duration,
      env: { BENCH_PATH: benchPath },
      serverPid: pid,
      script,
    });
  // Both servers warm up first (JIT, connections, prepared statements), as in `npm run bench`.
  await measure(url, apiPid, path, WARMUP_SECONDS);
  await measure(floorUrl, floor.child.pid, '/thumb.webp', WARMUP_SECONDS);
  const rounds = [];
  for (let round = 0; round < 2; round += 1) {
    const stagecraft = await measure(url, apiPid, path);
    const baseline = await measure(floorUrl, floor.child.pid, '/thumb.webp');
    rounds.push({ stagecraft, baseline, ratio: stagecraft.rps / baseline.rps });
    log(
      `cached thumb round ${round + 1}: Stagecraft ${stagecraft.rps.toFixed(0)} req/s (p99 ${stagecraft.p99.toFixed(1)} ms), ` +
        `static ${baseline.rps.toFixed(0)} req/s: ${(stagecraft.rps / baseline.rps).toFixed(2)}×`,
    );
  }
  return { thumbBytes: thumb.length, rounds };
}

// ---- main ----------------------------------------------------------------------------------------

async function main() {
  const { database, redisPrefix } = await prepareRun(config);
  const filesDir = await mkdtemp(join(tmpdir(), 'stagecraft-bench-files-'));
  cleanups.push(() => rm(filesDir, { recursive: true, force: true }));
  const port = await freePort();
  const healthPort = await freePort();
  const shared = {
    PATH: env.PATH,
    HOME: env.HOME,
    NODE_ENV: 'production',
    NODE_OPTIONS: env.BENCH_API_NODE_OPTIONS ?? '--max-old-space-size=192 --max-semi-space-size=16',
    DATABASE_URL: database.url,
    REDIS_URL: config.redisUrl,
    REDIS_PREFIX: redisPrefix,
    LOG_LEVEL: 'warn',
    FILES_DIR: filesDir,
    FILE_MAX_BYTES: String(300 * MiB),
    RATE_LIMIT_AUTH_PER_IP: '100000',
    ...BENCH_SECRETS,
  };
  const url = `http://127.0.0.1:${port}`;
  const api = startNode('API', resolve(ROOT, 'dist/apps/api/src/main.js'), {
    cwd: ROOT,
    // e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (not allowed in NODE_OPTIONS)
    nodeArgs: env.BENCH_API_NODE_ARGS?.split(' ').filter(Boolean) ?? [],
    env: { ...shared, HOST: '127.0.0.1', PORT: String(port), PUBLIC_URL: url },
  });
  cleanups.push(() => api.stop());
  await waitUntilReady(api, `${url}/health/live`);
  const worker = startNode('worker', resolve(ROOT, 'dist/apps/worker/src/main.js'), {
    cwd: ROOT,
    env: { ...shared, WORKER_HEALTH_PORT: String(healthPort) },
  });
  cleanups.push(() => worker.stop());
  await waitUntilReady(worker, `http://127.0.0.1:${healthPort}/health/ready`);
  const rss = rssSampler(api.child.pid);
  cleanups.push(() => rss.stop());

  const admin = await expectStatus(
    call(url, 'POST', '/api/v1/auth/setup', { body: { email: ADMIN_EMAIL, password: PASSWORD } }),
    201,
    'setup',
  );
  const token = admin.access_token;
  await expectStatus(call(url, 'POST', '/api/v1/collections', { token, body: COLLECTION }), 201, 'collection');

  log(
    `thumbnails: ${config.thumbRounds} rounds of ${CONCURRENT_THUMBS} identical requests for a 12 MP JPEG → 320 px WebP`,
  );
  const cold = await coldThumbnails(url, token);
  log(
    `thumbnails (${cold.photoMiB.toFixed(1)} MiB JPEG): p50 ${cold.p50Ms.toFixed(0)} ms, p99 ${cold.p99Ms.toFixed(0)} ms; ` +
      `slowest per round ${cold.slowestPerRoundMs.map((ms) => ms.toFixed(0)).join(', ')} ms; ` +
      `transforms per round ${cold.transformsPerRound.join(', ')}`,
  );

  const cached = await cachedThumbnails(url, api.child.pid, cold.path);

  log(`tus: ${config.tusMiB} MiB in ${config.chunkMiB} MiB chunks, ${DISCONNECTS} forced disconnects`);
  const tus = await resumableUpload(url, token);
  log(
    `tus: ${tus.seconds.toFixed(1)} s (${tus.mibPerSecond.toFixed(0)} MiB/s), resent after each cut: ` +
      `${tus.resentBytesPerDisconnect.map((bytes) => `${(bytes / MiB).toFixed(2)} MiB`).join(', ')}; checksum ${tus.checksumMatches ? 'matches' : 'DIFFERS'}`,
  );
  const peakRss = rss.peak();
  const ratio = Math.min(...cached.rounds.map((round) => round.ratio));

  const checks = [
    [
      'tus: resent ≤ 1 chunk per disconnect',
      tus.disconnects === DISCONNECTS &&
        tus.resentBytesPerDisconnect.every((b) => b >= 0 && b <= config.chunkMiB * MiB) &&
        tus.checksumMatches,
    ],
    [`thumb p99 ≤ ${TARGETS.thumbP99Ms} ms`, cold.p99Ms <= TARGETS.thumbP99Ms],
    ['one transform per 20 identical requests', cold.transformsPerRound.every((n) => n === 1)],
    [`cached thumb ≥ ${TARGETS.cachedRatio}× static`, ratio >= TARGETS.cachedRatio],
    [`API RSS < ${TARGETS.rssMiB} MiB`, peakRss < TARGETS.rssMiB],
  ];
  console.log('\nbench:files');
  for (const [what, ok] of checks) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${what}`);
  console.log(`  API peak RSS ${peakRss.toFixed(0)} MiB; cached ratio (worst round) ${ratio.toFixed(2)}×`);
  const out = writeResults('files', { config, targets: TARGETS, tus, cold, cached, peakRssMiB: peakRss, checks });
  log(`results: ${out}`);
  return checks.every(([, ok]) => ok);
}

try {
  const passed = await main();
  await cleanup();
  process.exit(passed ? 0 : 1);
} catch (error) {
  console.error(`\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await cleanup();
  process.exit(1);
}
