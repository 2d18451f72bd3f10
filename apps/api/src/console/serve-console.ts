// Serves the built console at /admin/ (any unknown path under it gets index.html, so the
// console's own routes survive a reload) and redirects / there, and GraphiQL (built beside it,
// its assets under /admin/assets/) at /api/graphql. The build writes each file also brotli- and
// gzip-compressed beside it (.br, .gz); those are sent to clients that accept them, with
// Vary: Accept-Encoding. Skipped when the console has not been built, so an API-only deployment
// needs nothing of it.

import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

export const CONSOLE_PATH = '/admin/';
export const GRAPHIQL_PATH = '/api/graphql';

// Vite names every file under assets/ by a hash of its content, so a browser may keep them for
// good; index.html names the current ones and is checked on every visit, so a new release
// shows at the next load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/** Sets Cache-Control by where the file sits in the console's own directory. */
function cacheControlFor(root: string): (reply: FastifyReply, path: string) => void {
  const assets = `${resolve(root, 'assets')}${sep}`;
  return (reply, path) => {
    reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
  };
}

/** Whether the console was built into `directory` (only then is it served). */
export function consoleAvailable(directory: string): boolean {
  return existsSync(resolve(directory, 'index.html'));
}

/** Whether GraphiQL was built beside the console in `directory` (a console built before it joined has no page for it). */
export function graphiqlAvailable(directory: string): boolean {
  return consoleAvailable(directory) && existsSync(resolve(directory, 'graphiql.html'));
}

export async function serveConsole(app: NestFastifyApplication, directory: string): Promise<boolean> {
  const root = resolve(directory);
  if (!consoleAvailable(root)) return false;
  const graphiql = graphiqlAvailable(root);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.get('/', (_request, reply) => reply.redirect(CONSOLE_PATH));
  fastify.get('/admin', (_request, reply) => reply.redirect(CONSOLE_PATH));
  await fastify.register(async (instance) => {
    await instance.register(fastifyStatic, {
      root,
      prefix: CONSOLE_PATH,
      wildcard: false,
      decorateReply: true,
      cacheControl: false,
      setHeaders: cacheControlFor(root),
      preCompressed: true,
    });
    // A file asked for under assets/ that is not there (a chunk of an older release) is a 404,
    // not the page: a script must not receive HTML.
    instance.get(`${CONSOLE_PATH}assets/*`, (_request, reply) => reply.callNotFound());
    instance.get(`${CONSOLE_PATH}*`, (_request, reply) => reply.sendFile('index.html'));
    if (graphiql) instance.get(GRAPHIQL_PATH, (_request, reply) => reply.sendFile('graphiql.html'));
  });
  return true;
}
