// `stagecraft start` (what `npm start` runs): the embedded PostgreSQL when DATABASE_URL is
// unset, Redis (found or started), then the API and the worker as two child processes, and in
// development a banner once the API answers. Ctrl-C or SIGTERM stops the apps first, then
// Redis, then PostgreSQL, and exits 0; data stays in DATA_DIR.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit, variables, type AppConfig } from '@stagecraft/config';
import { createLogger, resolveLogFormat } from '@stagecraft/core';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@stagecraft/database';
import { localAddress, waitForApi } from './api-ready.js';
import { EMBEDDED_DATABASE, embeddedDataDir } from './cli-database.js';
import { ensureRedis, type RedisHandle } from './local-redis.js';
import { renderBanner } from './start-banner.js';

/**
 * The API's heap bounds unless NODE_OPTIONS says otherwise (also in docker-compose.yml): its live
 * heap is about 60 MiB; the old space's bound keeps RSS under 200 MiB whatever garbage a load
 * leaves, and the young generation is set explicitly because V8 shrinks it with that bound, and
 * a small one promotes short-lived request objects (docs/operations.md, Memory).
 */
const API_NODE_OPTIONS = '--max-old-space-size=192 --max-semi-space-size=16';

/**
 * Where a development instance listens when HOST is unset: only this machine. Until the first
 * admin exists, anyone who reaches the API can create it (POST /api/v1/auth/setup), and a
 * laptop on a café's network should not offer that to the room.
 */
const DEVELOPMENT_HOST = '127.0.0.1';

/**
 * A later signal than this after the first one means "stop now". npm forwards the terminal's
 * Ctrl-C to us although the terminal already sent it, so the first repeat is only an echo.
 */
const FORCE_AFTER_MS = 2000;

const appEntry = (app: 'api' | 'worker'): string =>
  fileURLToPath(new URL(`../../../${app}/src/main.js`, import.meta.url));

function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** The environment of the apps: what `npm start` decides for a local instance on top of the caller's. */
function appEnvironment(config: AppConfig): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!process.env.HOST && config.env === 'development') env.HOST = DEVELOPMENT_HOST;
  // Links, the OpenAPI servers list and the banner follow PORT unless PUBLIC_URL says otherwise.
  if (!process.env.PUBLIC_URL) env.PUBLIC_URL = `http://localhost:${config.port}`;
  return env;
}

export async function startCommand(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger({
    level: config.logLevel,
    name: 'stagecraft-cli',
    format: resolveLogFormat(config.logFormat, config.env),
  });
  const env = appEnvironment(config);
  const host = env.HOST ?? config.host;
  const publicUrl = (env.PUBLIC_URL ?? config.publicUrl).replace(/\/+$/, '');
  let postgres: EmbeddedPostgresHandle | undefined;
  let redis: RedisHandle | undefined;
  const apps: ChildProcess[] = [];
  let stopping = false;
  let stopAskedAt = 0;

  const stopAll = async (exitCode: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      log.info('stopping');
      await Promise.all(apps.map(stopApp));
      await redis?.stop();
      await postgres?.stop();
    }
    process.exit(exitCode);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!stopping) {
      stopAskedAt = Date.now();
      void stopAll(0);
    } else if (Date.now() - stopAskedAt > FORCE_AFTER_MS) {
      log.warn({ signal }, 'stopping now, without waiting for the apps');
      process.exit(1);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (!config.database.url) {
      const dataDir = embeddedDataDir(config);
      log.info(`DATABASE_URL is unset: starting the embedded PostgreSQL in ${dataDir}`);
      postgres = await startEmbeddedPostgres({
        dataDir,
        port: config.database.embeddedPort,
        database: EMBEDDED_DATABASE,
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
      log.error(`the ${app} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping Stagecraft`);
      void stopAll(1);
    });
    apps.push(child);
  }
  log.info(`Stagecraft is starting at ${publicUrl} (listening on ${host}:${config.port})`);

  const [api] = apps;
  const answer = await waitForApi(
    localAddress(host, config.port),
    () => stopping || !api || api.exitCode !== null || api.signalCode !== null,
  );
  if (!answer) return;
  if (config.env === 'development') {
    // As serve-console.ts decides: GraphiQL is served only beside a built console.
    const consoleBuilt = existsSync(resolve(config.adminUiDir, 'index.html'));
    process.stdout.write(
      renderBanner({
        publicUrl,
        consoleBuilt,
        graphiqlBuilt: consoleBuilt && existsSync(resolve(config.adminUiDir, 'graphiql.html')),
        needsSetup: answer.needsSetup,
        host,
        dataDir: config.dataDir,
        colors: process.stdout.isTTY && !process.env.NO_COLOR,
      }),
    );
  } else {
    log.info(
      { needsSetup: answer.needsSetup },
      `Stagecraft is ready at ${publicUrl} (API ${publicUrl}/api/v1, docs ${publicUrl}/api/docs, GraphQL ${publicUrl}/api/v1/graphql)`,
    );
  }
}
