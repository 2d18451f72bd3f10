// `stagecraft start` (what `npm start` runs): the embedded PostgreSQL when DATABASE_URL is
// unset, Redis (found or started), then the API and the worker as two child processes.
// Ctrl-C or SIGTERM stops the apps first, then Redis, then PostgreSQL; data stays in DATA_DIR.

import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, variables } from '@stagecraft/config';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@stagecraft/database';
import { ensureRedis, type RedisHandle } from './local-redis.js';

/**
 * The API's heap bound unless NODE_OPTIONS says otherwise (also in docker-compose.yml): its live
 * heap is about 60 MiB, and with V8's default limit the old space grows to 200+ MiB of garbage
 * under load before a full collection; bounded, it stays under 200 MiB. The young generation is
 * set explicitly because V8 shrinks it with the old space's bound, and a small one promotes
 * short-lived request objects and costs a fifth of a list page's throughput in collections.
 */
const API_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=16';

const appEntry = (app: 'api' | 'worker'): string =>
  fileURLToPath(new URL(`../../../${app}/src/main.js`, import.meta.url));

function say(line: string): void {
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: new Date().toISOString(), name: 'stagecraft', msg: line })}\n`,
  );
}

function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

export async function startCommand(): Promise<void> {
  const config = loadConfigOrExit();
  const env: NodeJS.ProcessEnv = { ...process.env };
  let postgres: EmbeddedPostgresHandle | undefined;
  let redis: RedisHandle | undefined;
  const apps: ChildProcess[] = [];
  let stopping = false;

  const stopAll = async (exitCode: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      say('stopping');
      await Promise.all(apps.map(stopApp));
      await redis?.stop();
      await postgres?.stop();
    }
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stopAll(0));
  process.once('SIGTERM', () => void stopAll(0));

  try {
    if (!config.database.url) {
      say(`DATABASE_URL is unset: starting the embedded PostgreSQL in ${resolve(config.dataDir, 'postgres')}`);
      postgres = await startEmbeddedPostgres({
        dataDir: resolve(config.dataDir, 'postgres'),
        port: config.database.embeddedPort,
        database: 'stagecraft',
      });
      env.DATABASE_URL = postgres.url;
    }
    redis = await ensureRedis({
      configuredUrl: process.env.REDIS_URL || undefined,
      defaultUrl: variables.REDIS_URL.default,
      dataDir: config.dataDir,
    });
    env.REDIS_URL = redis.url;
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return stopAll(1);
  }

  for (const app of ['api', 'worker'] as const) {
    const child = spawn(process.execPath, [appEntry(app)], {
      env: app === 'api' ? { ...env, NODE_OPTIONS: env.NODE_OPTIONS ?? API_NODE_OPTIONS } : env,
      stdio: 'inherit',
      detached: true,
    });
    child.once('exit', (code, signal) => {
      if (stopping) return;
      say(`the ${app} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping Stagecraft`);
      void stopAll(1);
    });
    apps.push(child);
  }
  say(
    `Stagecraft is starting at ${config.publicUrl} (API ${config.publicUrl}/api/v1, docs ${config.publicUrl}/api/docs)`,
  );
}
