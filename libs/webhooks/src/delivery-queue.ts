// The `webhooks` queue's two jobs and their options, set in one place.
//
// - `deliver-webhooks`: the first tries of the deliveries one dispatched batch of events made,
//   a job for them all (one queue write per batch instead of one per delivery, which cost more
//   than the rest of dispatch together). Its job id is derived from the deliveries, so
//   queueing the same batch twice is one job.
// - `deliver-webhook`: one delivery's further tries, with attempts and the backoff base from
//   configuration; job id `delivery-<id>`, so queueing one delivery twice is one job. Failed
//   jobs are kept as the dead letters. A delivery gets one when its first try did not succeed
//   (`earlierAttempts` says how many tries came before) and when it is redelivered.

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { within } from '@stagecraft/core';
import { QueueName } from '@stagecraft/jobs';
import type { JobsOptions, Queue } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { WEBHOOK_BACKOFF } from './backoff.js';

export const DELIVER_WEBHOOK_JOB = 'deliver-webhook';
export const DELIVER_WEBHOOKS_JOB = 'deliver-webhooks';

export interface DeliverWebhookJob {
  readonly deliveryId: string;
  /** Tries made before this job, by a `deliver-webhooks` job; absent for none. */
  readonly earlierAttempts?: number;
}

export interface DeliverWebhooksJob {
  /** In the order of their events. */
  readonly deliveryIds: readonly string[];
}

/** How long queueing may wait for Redis in a request before answering 503. */
const ENQUEUE_TIMEOUT_MS = 5000;

/** A first-tries job that fails as a whole (the database is down) runs again: its tries are claimed one by one. */
const FIRST_TRIES_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export function deliveryJobOptions(
  webhooks: AppConfig['webhooks'],
  jobId: string,
  attempts = webhooks.maxAttempts,
): JobsOptions {
  return {
    jobId,
    attempts,
    backoff: { type: WEBHOOK_BACKOFF, delay: webhooks.backoffBaseMs },
    removeOnComplete: { age: 24 * 3600, count: 1000 },
    removeOnFail: { age: webhooks.logRetentionHours * 3600 },
  };
}

@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectQueue(QueueName.Webhooks) private readonly queue: Queue<DeliverWebhookJob | DeliverWebhooksJob>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The first tries of new deliveries, in one job. */
  async enqueueFirstTries(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    const jobId = `deliveries-${deliveryIds[0]}-${deliveryIds.length}-${deliveryIds[deliveryIds.length - 1]}`;
    await this.queue.add(DELIVER_WEBHOOKS_JOB, { deliveryIds }, { ...FIRST_TRIES_JOB_OPTIONS, jobId });
  }

  /**
   * The rest of a delivery whose first try was made by a first-tries job: its remaining tries
   * after `delayMs`, or (`deadLetter`) none, so that its job fails at once and stays as the
   * dead letter of a delivery that ended on its first try.
   */
  async handOver(deliveryId: string, earlierAttempts: number, delayMs: number, deadLetter = false): Promise<void> {
    const attempts = deadLetter ? 1 : Math.max(1, this.config.webhooks.maxAttempts - earlierAttempts);
    await this.queue.add(
      DELIVER_WEBHOOK_JOB,
      { deliveryId, earlierAttempts },
      { ...deliveryJobOptions(this.config.webhooks, `delivery-${deliveryId}`, attempts), delay: delayMs },
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
