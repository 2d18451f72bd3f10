// Boots the real API (listening on a random loopback port) and the real worker for a test.

import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@stagecraft/config';
import { createApiApp } from '../../src/create-api-app.js';
import { createWorkerApp } from '../../../worker/src/create-worker-app.js';

export interface RunningApi {
  readonly app: NestFastifyApplication;
  readonly url: string;
  close(): Promise<void>;
}

export async function startApi(config: AppConfig): Promise<RunningApi> {
  const app = await createApiApp(config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  if (address === null || typeof address === 'string') throw new Error('API did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export async function startWorker(config: AppConfig): Promise<INestApplicationContext> {
  return createWorkerApp(config);
}
