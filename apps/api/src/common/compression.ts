// Compresses responses from 1 KB up for clients that accept it (br or gzip, by Accept-Encoding,
// with Vary: Accept-Encoding): record lists, the OpenAPI document, GraphQL results, exports.
// Left as they are: server-sent events (read as they come; hijacked, and their type is
// excluded), WebSocket upgrades and resumable uploads (hijacked), stored files (byte ranges and
// exact lengths: routes marked with @Uncompressed()), and the console's assets, which the build
// compresses ahead (serve-console.ts). Request bodies are never inflated.

import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { RouteConfig } from '@nestjs/platform-fastify';

/** Smaller answers gain less than the work and the headers cost. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/** Text, JSON (problem+json, graphql-response+json...), NDJSON, JavaScript, XML; never an event stream. */
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)[\w.+-]+|application\/(?:[\w.-]+\+)?(?:json|xml)|application\/(?:x-ndjson|javascript))(?:;|$)/i;

export function compressibleType(contentType: string): boolean {
  return COMPRESSIBLE.test(contentType.trim());
}

/** Marks a route whose answers must go out byte for byte (stored files: ranges and lengths). */
export const Uncompressed = (): MethodDecorator => RouteConfig({ compress: false });

export async function registerCompression(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  // Nest passes @RouteConfig as the route's `config`; the plugin reads the route's own option.
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { compress?: unknown } | undefined)?.compress === false) route.compress = false;
  });
  await fastify.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    customTypes: compressibleType,
  });
}
