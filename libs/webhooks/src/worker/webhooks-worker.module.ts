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

const MIN_LOCK_MS = 5_000;
const MAX_LOCK_MS = 30_000;

/**
 * How soon a job whose worker died (SIGKILL, crash) runs again: BullMQ's job lock, renewed
 * every half period while the worker lives. Tied to the webhook timeout, within 5 to 30 s:
 * a short deadline means a short lock, so work held by a dead worker resumes quickly.
 */
export function stalledJobOptions(config: AppConfig): {
  lockDuration: number;
  stalledInterval: number;
  maxStalledCount: number;
} {
  const lockDuration = Math.min(MAX_LOCK_MS, Math.max(MIN_LOCK_MS, config.webhooks.timeoutMs));
  return { lockDuration, stalledInterval: lockDuration, maxStalledCount: 3 };
}

@Module({})
export class WebhooksWorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const stalled = stalledJobOptions(config);
    // One at a time: deliveries of one record's events are created in the order of the changes.
    // With more, BullMQ may start a later job before an earlier one (the ordering test shows it).
    Processor(QueueName.Events, { concurrency: 1, ...stalled })(EventsProcessor);
    Processor(QueueName.Webhooks, {
      concurrency: config.webhooks.concurrency,
      ...stalled,
      settings: { backoffStrategy: webhookBackoffStrategy },
    })(WebhookDeliveryProcessor);
    return {
      module: WebhooksWorkerModule,
      imports: [WebhooksModule, CollectionsModule],
      providers: [EventDispatcher, EventsProcessor, WebhookDeliveryProcessor],
    };
  }
}
