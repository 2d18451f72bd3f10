// The worker's root module: system database, Redis and every BullMQ queue. Processors are
// added here by the features that own them, one handler per job.

import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DatabaseModule } from '@stagecraft/database';
import { EventsRelayModule, RecordEventSinks } from '@stagecraft/events';
import { FunctionsWorkerModule } from '@stagecraft/functions';
import { MailWorkerModule } from '@stagecraft/mail';
import { QueuesModule } from '@stagecraft/jobs';
import { RedisModule } from '@stagecraft/redis';
import { WebhooksWorkerModule } from '@stagecraft/webhooks';
import { ConsumerErrorLogService } from './consumers/consumer-error-log.service.js';
import { FilesWorkerModule } from './files/files-worker.module.js';
import { JobDrainService } from './consumers/job-drain.service.js';
import { HeartbeatService } from './heartbeat/heartbeat.service.js';
import { MaintenanceProcessor } from './maintenance/maintenance.processor.js';
import { TransferProcessorsModule } from './transfer/transfer-processors.module.js';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config, 'stagecraft-worker'),
        RedisModule.forRoot(config, 'stagecraft-worker'),
        QueuesModule.forRoot(config),
        DiscoveryModule,
        EventsRelayModule,
        TransferProcessorsModule,
        FilesWorkerModule,
        MailWorkerModule,
        WebhooksWorkerModule.forRoot(config),
        FunctionsWorkerModule.forRoot(config),
      ],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        RecordEventSinks,
        HeartbeatService,
        MaintenanceProcessor,
        ConsumerErrorLogService,
        JobDrainService,
      ],
      exports: [APP_CONFIG, RecordEventSinks],
    };
  }
}
