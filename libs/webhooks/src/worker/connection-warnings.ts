// A BullMQ worker reports every failed reconnect while Redis is away; without a listener it
// prints each to the console. Logged here at most once per quiet period: an outage is one fact.

import type { Logger } from '@nestjs/common';

const QUIET_PERIOD_MS = 30_000;

export function connectionWarnings(logger: Logger, queue: string): (error: Error) => void {
  let lastLoggedAt = 0;
  return (error) => {
    const now = Date.now();
    if (now - lastLoggedAt < QUIET_PERIOD_MS) return;
    lastLoggedAt = now;
    logger.warn(`Consumer of "${queue}": ${error.message}`);
  };
}
