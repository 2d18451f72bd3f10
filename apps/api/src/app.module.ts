// The API's root module, built from the loaded configuration.

import { type DynamicModule, Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { CollectionsModule } from '@stagecraft/collections';
import { DatabaseModule } from '@stagecraft/database';
import { JobsAdminModule, QueuesModule } from '@stagecraft/jobs';
import { FunctionsModule } from '@stagecraft/functions';
import { RecordsModule } from '@stagecraft/records';
import { RedisModule } from '@stagecraft/redis';
import { IdentityModule } from './auth/identity.module.js';
import { SchemaEngineModule } from './collections/schema-engine.module.js';
import { RecordsApiModule } from './records/records-api.module.js';
import { GraphqlApiModule } from './graphql/graphql-api.module.js';
import { GraphqlModule } from '@stagecraft/graphql';
import { JobsApiModule } from './jobs/jobs-api.module.js';
import { WebhooksApiModule } from './webhooks/webhooks-api.module.js';
import { FunctionsApiModule } from './functions/functions-api.module.js';
import { RealtimeApiModule } from './realtime/realtime-api.module.js';
import { FilesApiModule } from './files/files-api.module.js';
import { MailboxApiModule } from './mail/mailbox-api.module.js';
import { LiveDocumentService } from './docs/live-document.service.js';
import { ApiIndexController } from './api-index/api-index.controller.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessService } from './health/readiness.service.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { MetricsService } from './metrics/metrics.service.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config, 'stagecraft-api'),
        RedisModule.forRoot(config, 'stagecraft-api'),
        QueuesModule.forRoot(config),
        JobsAdminModule,
        IdentityModule,
        SchemaEngineModule,
        RecordsApiModule,
        GraphqlApiModule,
        JobsApiModule,
        WebhooksApiModule,
        FunctionsApiModule,
        RealtimeApiModule,
        FilesApiModule,
        MailboxApiModule,
        CollectionsModule,
        RecordsModule, // the response cache, for /metrics
        FunctionsModule, // function invocations, for /metrics
        GraphqlModule, // statements per operation, for /metrics
      ],
      controllers: [ApiIndexController, HealthController, MetricsController],
      providers: [{ provide: APP_CONFIG, useValue: config }, ReadinessService, MetricsService, LiveDocumentService],
      exports: [APP_CONFIG],
    };
  }
}
