// ioredis connections built from config. Commands fail fast while Redis is away (no offline
// queue), and the client keeps reconnecting in the background, so the process recovers
// on its own when Redis returns. A rediss:// URL means TLS, checked against REDIS_TLS_CA_FILE
// when set (else the system's CAs), for ioredis and BullMQ alike.

import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';

/** Where Redis is: the URL, and the CA of its TLS certificate if it is not a system one. */
export interface RedisTarget {
  readonly url: string;
  readonly tlsCaFile?: string;
}

const asTarget = (target: RedisTarget | string): RedisTarget => (typeof target === 'string' ? { url: target } : target);

/** TLS options for a rediss:// URL (the CA file read when connecting, so a renewed one is used). */
function tlsOptions({ url, tlsCaFile }: RedisTarget): TlsOptions | undefined {
  if (new URL(url).protocol !== 'rediss:') return undefined;
  return tlsCaFile === undefined ? {} : { ca: readFileSync(tlsCaFile) };
}

export function createRedis(target: RedisTarget | string, options: RedisOptions = {}): Redis {
  const redis = asTarget(target);
  return new Redis(redis.url, {
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 5000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    tls: tlsOptions(redis),
    ...options,
  });
}

/** BullMQ needs blocking connections that wait for Redis instead of failing commands. */
export function bullmqConnectionOptions(target: RedisTarget | string): ConnectionOptions {
  const redis = asTarget(target);
  const parsed = new URL(redis.url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0,
    tls: tlsOptions(redis),
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  };
}
