// Listens to every BullMQ queue's 'error' events (see bullmqErrorListener for what is logged).

import { getQueueToken } from '@nestjs/bullmq';
import { Logger, type Provider } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { bullmqErrorListener } from './bullmq-errors.js';
import { allQueues } from './queue-name.js';

export const queueErrorLoggerProvider: Provider = {
  provide: 'QUEUE_ERROR_LOGGER',
  inject: allQueues.map((name) => getQueueToken(name)),
  useFactory: (...queues: Queue[]) => {
    const logger = new Logger('Queues');
    for (const queue of queues) queue.on('error', bullmqErrorListener(logger, `Queue "${queue.name}"`));
    return queues.length;
  },
};
