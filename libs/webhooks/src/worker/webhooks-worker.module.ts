// The worker's side of webhooks: the `events` consumer that hands out deliveries and the
// `webhooks` consumer that makes them. Worker options depend on configuration, so the
// processors are declared here, at forRoot, instead of with a static @Processor decorator.

import { Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import type { AppConfig } from '@stagecraft/config';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { webhookBackoffStrategy } from '../backoff.js';
import { WebhooksModule } from '../webhooks.module.js';
import { EventDispatcher } from './event-dispatcher.js';
import { EventsProcessor } from './events.processor.js';
import { FirstTries } from './first-tries.js';
import { SendSlots } from './send-slots.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';

@Module({})
export class WebhooksWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    // One at a time: deliveries of one record's events are created in the order of the changes.
    // With more, BullMQ may start a later job before an earlier one (the ordering test shows it).
    Processor(QueueName.Events, { concurrency: 1, ...STALLED_JOB_OPTIONS })(EventsProcessor);
    Processor(QueueName.Webhooks, {
      concurrency: config.webhooks.concurrency,
      ...STALLED_JOB_OPTIONS,
      settings: { backoffStrategy: webhookBackoffStrategy },
    })(WebhookDeliveryProcessor);
    return {
      module: WebhooksWorkerModule,
      imports: [WebhooksModule, CollectionsModule],
      providers: [EventDispatcher, EventsProcessor, FirstTries, SendSlots, WebhookDeliveryProcessor],
    };
  }
}
