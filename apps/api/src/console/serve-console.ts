// Serves the built console at /admin/ (any unknown path under it gets index.html, so the
// console's own routes survive a reload) and redirects / there. Skipped when the console has
// not been built, so an API-only deployment needs nothing of it.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export const CONSOLE_PATH = '/admin/';

export async function serveConsole(app: NestFastifyApplication, directory: string): Promise<boolean> {
  const root = resolve(directory);
  if (!existsSync(resolve(root, 'index.html'))) return false;
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => reply.redirect(CONSOLE_PATH));
  fastify.get('/admin', (_request, reply) => reply.redirect(CONSOLE_PATH));
  await fastify.register(async (instance) => {
    await instance.register(fastifyStatic, { root, prefix: CONSOLE_PATH, wildcard: false, decorateReply: true });
    instance.get(`${CONSOLE_PATH}*`, (_request, reply) => reply.sendFile('index.html'));
  });
  return true;
}
