// The `webhooks` queue's one job, `deliver-webhook`, and its options, set in one place:
// attempts and the backoff base from configuration, a job id derived from the delivery id
// (so queueing the same delivery twice is one job), failed jobs kept as the dead letters.

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { within } from '@stagecraft/core';
import { QueueName } from '@stagecraft/jobs';
import type { JobsOptions, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { WEBHOOK_BACKOFF } from './backoff.js';

export const DELIVER_WEBHOOK_JOB = 'deliver-webhook';

export interface DeliverWebhookJob {
  readonly deliveryId: string;
}

/** How long queueing may wait for Redis in a request before answering 503. */
const ENQUEUE_TIMEOUT_MS = 5000;

export function deliveryJobOptions(webhooks: AppConfig['webhooks'], jobId: string): JobsOptions {
  return {
    jobId,
    attempts: webhooks.maxAttempts,
    backoff: { type: WEBHOOK_BACKOFF, delay: webhooks.backoffBaseMs },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: webhooks.logRetentionHours * 3600 },
  };
}

@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue<DeliverWebhookJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** First deliveries: one job per delivery, `delivery-<id>`. */
  async enqueue(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: DELIVER_WEBHOOK_JOB,
        data: { deliveryId },
        opts: deliveryJobOptions(this.config.webhooks, `delivery-${deliveryId}`),
      })),
    );
  }

  /** A redelivery is a new job (a fresh set of attempts) for the same delivery and event. */
  async enqueueRedelivery(deliveryId: string): Promise<void> {
    const jobId = `delivery-${deliveryId}-redelivery-${randomBytes(6).toString('hex')}`;
    await within(
      this.queue.add(DELIVER_WEBHOOK_JOB, { deliveryId }, deliveryJobOptions(this.config.webhooks, jobId)),
      ENQUEUE_TIMEOUT_MS,
      'the webhooks queue did not answer',
    );
  }
}
