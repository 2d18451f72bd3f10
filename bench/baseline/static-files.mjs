// The floor for cached thumbnail downloads: a static file server (Fastify 5 + @fastify/static,
// what a competent engineer would put in front of a folder of images), serving STATIC_ROOT on
// PORT with ETag and Last-Modified, no access check.
//
// Environment: STATIC_ROOT, PORT.

import fastifyStatic from '@fastify/static';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
await app.register(fastifyStatic, { root: process.env.STATIC_ROOT, prefix: '/', etag: true, lastModified: true });
app.get('/health', async () => ({ status: 'ok' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT) });
