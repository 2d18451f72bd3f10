// Routes BullMQ queue connection errors into the logs, at most one line per queue every
// 30 seconds: while Redis is away every reconnect attempt fails, and that is one fact, not
// hundreds. Without a listener BullMQ prints each one to the console.

import { getQueueToken } from '@nestjs/bullmq';
import { Logger, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { allQueues } from './queue-name.js';

const QUIET_PERIOD_MS = 30_000;

export const queueErrorLoggerProvider: Provider = {
  provide: 'QUEUE_ERROR_LOGGER',
  inject: allQueues.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => {
    const logger = new Logger('Queues');
    for (const queue of queues) {
      let lastLoggedAt = 0;
      queue.on('error', (error) => {
        const now = Date.now();
        if (now - lastLoggedAt < QUIET_PERIOD_MS) return;
        lastLoggedAt = now;
        logger.warn(`Queue "${queue.name}": ${error.message}`);
      });
    }
    return queues.length;
  },
};
