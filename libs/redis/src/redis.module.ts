// Provides the process's shared Redis client under the REDIS token and closes it on shutdown.

import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@stagecraft/config';
import type { Redis } from 'ioredis';
import { logConnectionState } from './connection-state-log.js';
import { createRedis } from './redis-connection.js';

export const REDIS = 'REDIS';

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({})
export class RedisModule {
  static forRoot(config: AppConfig, connectionName: string): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          useFactory: () => {
            const redis = createRedis(config.redis, { connectionName });
            // Failing commands and the readiness check say what Redis being away means for a
            // request; the connection itself logs only when it is lost and when it is back.
            logConnectionState(redis, connectionName);
            return redis;
          },
        },
        RedisCloser,
      ],
      exports: [REDIS],
    };
  }
}
