// Logs a Redis connection's state changes, once each: a warning with the reason when it is
// lost, an info line when it is back, as JSON lines through the app's logger.

import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/**
 * While Redis is away ioredis tries to reconnect several times a second and reports each
 * failure as an 'error' event; that is one fact, not hundreds of lines (and without a
 * listener each would be an unhandled error event). A deliberate quit does not reconnect, so
 * shutting down logs nothing.
 */
export function logConnectionState(redis: Redis, connectionName: string, logger = new Logger('Redis')): void {
  let connected = true;
  let lastError: string | undefined;
  redis.on('error', (error: Error) => {
    lastError = error.message;
  });
  redis.on('reconnecting', () => {
    if (!connected) return;
    connected = false;
    logger.warn({
      msg: `Redis connection "${connectionName}" lost; reconnecting in the background`,
      reason: lastError ?? 'the connection closed',
    });
  });
  redis.on('ready', () => {
    lastError = undefined;
    if (connected) return;
    connected = true;
    logger.log({ msg: `Redis connection "${connectionName}" restored` });
  });
}
