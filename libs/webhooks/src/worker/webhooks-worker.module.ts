// The worker's side of webhooks: the `events` consumer that hands out deliveries and the
// `webhooks` consumer that makes them. Worker options depend on configuration, so the
// processors are declared here, at forRoot, instead of with a static @Processor decorator.

import { Processor } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import type { AppConfig } from '@stagecraft/config';
import { QueueName } from '@stagecraft/jobs';
import { webhookBackoffStrategy } from '../backoff.js';
import { WebhooksModule } from '../webhooks.module.js';
import { EventDispatcher } from './event-dispatcher.js';
import { EventsProcessor } from './events.processor.js';
import { WebhookDeliveryProcessor } from './webhook-delivery.processor.js';

/**
 * How soon a job whose worker died (SIGKILL, crash) runs again: BullMQ's job lock, renewed
 * every half period while the worker lives, so a long job (a slow receiver) keeps it however
 * long it takes; only a dead worker's lock runs out. Another worker's stalled-job check, every
 * `stalledInterval`, then takes the job up: within lockDuration + stalledInterval = 7.5 s of
 * the death. (It was tied to WEBHOOK_TIMEOUT_MS, 15 s, and checked as rarely: up to 35 s.)
 */
export const STALLED_JOB_OPTIONS = { lockDuration: 5_000, stalledInterval: 2_500, maxStalledCount: 3 } as const;

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
      providers: [EventDispatcher, EventsProcessor, WebhookDeliveryProcessor],
    };
  }
}
