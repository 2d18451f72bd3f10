// What to do with the 'error' events of BullMQ queues and workers. Without a listener BullMQ
// prints each one to stderr as a raw stack trace; with one, this decides what reaches the log.

import type { Logger } from '@nestjs/common';

/** How long a queue or worker stays quiet after logging one of its own errors. */
const QUIET_PERIOD_MS = 30_000;

const CONNECTION_FAILURE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const CONNECTION_FAILURE_MESSAGE =
  /connection is closed|stream isn't writeable|reached the max retries per request|connect etimedout|socket closed unexpectedly/i;

/** True for errors that only say Redis cannot be reached right now. */
function isRedisConnectionFailure(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_FAILURE_CODES.has(code)) || CONNECTION_FAILURE_MESSAGE.test(error.message);
}

/**
 * A listener for one queue's or worker's 'error' events. Connection failures are not logged
 * here: every queue and worker reports each failed reconnect while Redis is away, and the
 * process's shared Redis connection already logs the outage once when it starts and once when
 * it ends (@stagecraft/redis, logConnectionState). Any other error (a job's keys gone after
 * Redis lost its data, a script error) is a warning, at most one per quiet period per source,
 * with the count of those held back.
 */
export function bullmqErrorListener(logger: Logger, source: string): (error: Error) => void {
  let lastLoggedAt = Number.NEGATIVE_INFINITY;
  let heldBack = 0;
  return (error) => {
    if (isRedisConnectionFailure(error)) return;
    const now = Date.now();
    if (now - lastLoggedAt < QUIET_PERIOD_MS) {
      heldBack += 1;
      return;
    }
    lastLoggedAt = now;
    logger.warn({ msg: `${source}: ${error.message}`, ...(heldBack > 0 && { similar_errors_not_logged: heldBack }) });
    heldBack = 0;
  };
}
