// Finds Redis for `npm start`: the configured REDIS_URL, or, when none is configured and
// nothing answers on the default address, a redis-server child with its data in DATA_DIR.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createRedis } from '@stagecraft/redis';

export interface RedisHandle {
  readonly url: string;
  stop(): Promise<void>;
}

export async function redisAnswers(url: string): Promise<boolean> {
  const client = createRedis(url, { retryStrategy: () => null, lazyConnect: true, connectTimeout: 1500 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function redisServerOnPath(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export async function ensureRedis(options: {
  configuredUrl: string | undefined;
  defaultUrl: string;
  dataDir: string;
}): Promise<RedisHandle> {
  const url = options.configuredUrl ?? options.defaultUrl;
  if (await redisAnswers(url)) return { url, stop: () => Promise.resolve() };
  if (options.configuredUrl !== undefined) {
    throw new Error(
      `Redis does not answer at REDIS_URL=${url}. Start it (docker compose up -d redis) or fix REDIS_URL.`,
    );
  }
  if (!redisServerOnPath()) {
    throw new Error(
      `No Redis answers at ${url} and no redis-server is installed. Start one with "docker compose up -d redis", ` +
        'or install your distribution\'s redis-server (e.g. "apt-get install redis-server"), or set REDIS_URL.',
    );
  }
  const { port, hostname } = new URL(url);
  const dir = resolve(options.dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const child = spawn(
    'redis-server',
    [
      '--port',
      port || '6379',
      '--bind',
      hostname,
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--save',
      '',
      '--maxmemory-policy',
      'noeviction',
    ],
    { stdio: 'ignore', detached: true },
  );
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await redisAnswers(url)) return { url, stop: () => stopChild(child) };
    if (child.exitCode !== null) break;
    await new Promise((wait) => setTimeout(wait, 100));
  }
  await stopChild(child);
  throw new Error(`Started redis-server for ${url}, but it did not answer.`);
}
