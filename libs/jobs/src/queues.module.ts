// Connects BullMQ through ioredis with the configured key prefix and registers every queue,
// for the API (producers) and the worker (consumers) alike.

import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '@stagecraft/config';
import { bullmqConnectionOptions } from '@stagecraft/redis';
import { allQueues } from './queue-name.js';
import { queueErrorLoggerProvider } from './queue-error-logger.js';

@Module({})
export class QueuesModule {
  static forRoot(config: AppConfig): DynamicModule {
    const registered = BullModule.registerQueue(...allQueues.map((name) => ({ name })));
    return {
      module: QueuesModule,
      // Every feature module may inject any queue.
      global: true,
      imports: [
        BullModule.forRoot({
          connection: bullmqConnectionOptions(config.redis),
          prefix: `${config.redis.prefix}:bull`,
        }),
        registered,
      ],
      providers: [queueErrorLoggerProvider],
      exports: [registered],
    };
  }
}
