// The application context CLI commands run in: database, Redis (so schema changes made
// here are announced to running API instances) and the schema engine.

import { type DynamicModule, Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DatabaseModule } from '@stagecraft/database';
import { RedisModule } from '@stagecraft/redis';

@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config, 'stagecraft-cli'),
        RedisModule.forRoot(config, 'stagecraft-cli'),
        CollectionsModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
