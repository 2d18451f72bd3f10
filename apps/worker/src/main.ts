// Starts the worker process: configuration, the application context, the optional health
// port, and a shutdown that lets in-flight jobs finish within SHUTDOWN_TIMEOUT_MS.

import 'reflect-metadata';
import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@stagecraft/config';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import { createWorkerApp } from './create-worker-app.js';
import { HeartbeatService } from './heartbeat/heartbeat.service.js';
import { startHealthServer } from './health-server.js';

/** The sandbox host built beside this file: found from any working directory. */
const SANDBOX_HOST = fileURLToPath(new URL('../../functions-host/src/main.js', import.meta.url));

async function main(): Promise<void> {
  process.env.FUNCTIONS_SANDBOX_ENTRY ??= SANDBOX_HOST;
  const config = loadConfigOrExit();
  const app = await createWorkerApp(config);
  let health: Server | undefined;
  if (config.worker.healthPort !== undefined) {
    health = await startHealthServer(config.worker.healthPort, app.get(HeartbeatService), app.get<Redis>(REDIS));
  }
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(1), config.shutdownTimeoutMs).unref();
    health?.close();
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Stagecraft worker failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
