// Consumes the `webhooks` queue: one job is one delivery, tried up to WEBHOOK_MAX_ATTEMPTS
// times with the webhook backoff. A 2xx completes it; 410 Gone and an SSRF refusal end it at
// once (UnrecoverableError); any other failure is thrown so BullMQ retries it, and after the
// last try the delivery is dead and the job stays in the failed set as its dead letter.

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DELIVER_WEBHOOK_JOB, type DeliverWebhookJob } from '../delivery-queue.js';
import { WebhookSender } from '../webhook-sender.js';
import { WebhooksRepository } from '../webhooks.repository.js';

// Declared a processor by WebhooksWorkerModule.forRoot, whose worker options come from configuration.
@Injectable()
export class WebhookDeliveryProcessor extends WorkerHost {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly sender: WebhookSender,
  ) {
    super();
  }

  async process(job: Job<DeliverWebhookJob>): Promise<string> {
    if (job.name !== DELIVER_WEBHOOK_JOB) {
      throw new UnrecoverableError(`The webhooks queue has no handler for "${job.name}"`);
    }
    const found = await this.webhooks.findWithDelivery(job.data.deliveryId);
    if (!found) return 'skipped: the delivery (or its webhook) no longer exists';
    const { webhook, delivery } = found;
    if (!webhook.enabled) return 'skipped: the webhook is disabled';
    // A job run again after its worker died may find its delivery already made.
    if (delivery.state === 'succeeded') return 'skipped: already delivered';

    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await this.sender.attempt(webhook, delivery, finalAttempt);
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
