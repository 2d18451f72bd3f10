// The application context CLI commands run in: database, Redis (so schema changes made
// here are announced to running API instances), the schema engine, with every holder of
// expressions that a rename must carry along (webhook conditions), and functions (a schema
// document carries them).

import { type DynamicModule, Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DatabaseModule } from '@stagecraft/database';
import { FunctionsModule } from '@stagecraft/functions';
import { RedisModule } from '@stagecraft/redis';
import { WebhookReferencesModule } from '@stagecraft/webhooks';

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
        WebhookReferencesModule,
        FunctionsModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
