// Consumes the `webhooks` queue. A `deliver-webhooks` job makes the first tries of a dispatched
// batch (FirstTries). A `deliver-webhook` job is one delivery, tried up to WEBHOOK_MAX_ATTEMPTS
// times in all with the webhook backoff. A 2xx completes it; 410 Gone and an SSRF refusal end
// it at once (UnrecoverableError); any other failure is thrown so BullMQ retries it, and after
// the last try the delivery is dead and the job stays in the failed set as its dead letter. A
// delivery that ended on its first try gets a job that fails at once, as its dead letter.
// Once the worker is stopping (SIGTERM) no request starts: a job that has not sent yet goes back
// to the queue, delayed a second, without using up a try.

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import {
  DELIVER_WEBHOOK_JOB,
  DELIVER_WEBHOOKS_JOB,
  type DeliverWebhookJob,
  type DeliverWebhooksJob,
} from '../delivery-queue.js';
import { WebhookSender, type AttemptResult } from '../webhook-sender.js';
import { WebhooksRepository } from '../webhooks.repository.js';
import { FirstTries } from './first-tries.js';
import { SendSlots } from './send-slots.js';

const LEFT = Symbol('not sent: the worker is stopping');

// Declared a processor by WebhooksWorkerModule.forRoot, whose worker options come from configuration.
@Injectable()
export class WebhookDeliveryProcessor extends WorkerHost {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly firstTries: FirstTries,
    private readonly slots: SendSlots,
  ) {
    super();
  }

  async process(job: Job<DeliverWebhookJob | DeliverWebhooksJob>, token?: string): Promise<string> {
    switch (job.name) {
      case DELIVER_WEBHOOKS_JOB: {
        const counts = await this.firstTries.run((job.data as DeliverWebhooksJob).deliveryIds, this.stopping);
        if (counts.left > 0) return this.putBack(job, token);
        return `${counts.sent} delivered, ${counts['handed over']} handed over, ${counts.skipped} skipped`;
      }
      case DELIVER_WEBHOOK_JOB:
        return this.deliver(job as Job<DeliverWebhookJob>, token);
      default:
        throw new UnrecoverableError(`The webhooks queue has no handler for "${job.name}"`);
    }
  }

  private readonly stopping = (): boolean => this.worker.closing !== undefined;

  private async putBack(job: Job, token: string | undefined): Promise<never> {
    await job.moveToDelayed(Date.now() + 1000, token);
    throw new DelayedError();
  }

  private async deliver(job: Job<DeliverWebhookJob>, token: string | undefined): Promise<string> {
    const found = await this.webhooks.findWithDelivery(job.data.deliveryId);
    if (!found) return 'skipped: the delivery (or its webhook) no longer exists';
    const { webhook, delivery } = found;
    if (!webhook.enabled) return 'skipped: the webhook is disabled';
    // A job run again after its worker died may find its delivery already made.
    if (delivery.state === 'succeeded') return 'skipped: already delivered';
    if ((job.data.earlierAttempts ?? 0) > 0 && (delivery.state === 'dead' || delivery.state === 'refused')) {
      throw new UnrecoverableError(delivery.last_error ?? `the delivery is ${delivery.state}`);
    }

    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await this.slots.run<AttemptResult | undefined | typeof LEFT>(() =>
      this.stopping() ? Promise.resolve(LEFT) : this.sender.attempt(webhook, delivery, finalAttempt),
    );
    if (result === LEFT) return this.putBack(job, token);
    if (!result) return 'skipped: the delivery was deleted';
    switch (result.verdict) {
      case 'succeeded':
        return `delivered on attempt ${result.attempt}`;
      case 'refused':
      case 'gone':
        throw new UnrecoverableError(result.problem ?? result.verdict);
      case 'failed':
        throw new Error(result.problem ?? 'the delivery failed');
    }
  }
}
