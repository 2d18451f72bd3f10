// Builds and starts the worker's application context (no HTTP server); main.ts and the
// integration tests both use it.

import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AppConfig } from '@stagecraft/config';
import { createLogger, PinoNestLogger, resolveLogFormat } from '@stagecraft/core';
import { WorkerModule } from './worker.module.js';

export async function createWorkerApp(config: AppConfig): Promise<INestApplicationContext> {
  const logger = createLogger({
    level: config.logLevel,
    name: 'stagecraft-worker',
    format: resolveLogFormat(config.logFormat, config.env),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    bufferLogs: true,
    // Start-up errors are thrown to the caller (main exits with a message; tests see the error).
    abortOnError: false,
  });
  await app.init();
  // An application context, unlike the HTTP application, keeps buffered logs until told: without
  // this the worker logged nothing at all through Nest's Logger.
  app.flushLogs();
  return app;
}
