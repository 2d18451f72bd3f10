// Admin use cases on a webhook's deliveries: the delivery log, redelivery (a new job for the
// same event, so the same `webhook-id`), and the test send made from the API process.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import { randomUUID } from 'node:crypto';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveryQueue } from './delivery-queue.js';
import { TEST_EVENT_TYPE, type DeliveryState, type DeliveryView, type WebhookPayload } from './webhook.types.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksService } from './webhooks.service.js';

export interface DeliveryListQuery {
  state?: DeliveryState;
  limit: number;
  offset: number;
}

export interface DeliveryList {
  data: DeliveryView[];
  meta: { limit: number; offset: number; total: number };
}

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly sender: WebhookSender,
  ) {}

  /** Newest first. */
  async list(webhookId: string, query: DeliveryListQuery): Promise<DeliveryList> {
    await this.webhooks.get(webhookId);
    const { data, total } = await this.deliveries.list(webhookId, query);
    return { data, meta: { limit: query.limit, offset: query.offset, total } };
  }

  async get(webhookId: string, deliveryId: string): Promise<DeliveryView> {
    await this.webhooks.get(webhookId);
    const delivery = await this.deliveries.view(webhookId, deliveryId);
    if (!delivery) throw deliveryNotFound(webhookId, deliveryId);
    return delivery;
  }

  /** Back to pending with a fresh set of attempts; the job runs in the worker. */
  async redeliver(webhookId: string, deliveryId: string): Promise<DeliveryView> {
    const before = await this.get(webhookId, deliveryId);
    await this.deliveries.setState(deliveryId, 'pending');
    // Read before queueing: the job may finish before this request does.
    const pending = await this.get(webhookId, deliveryId);
    try {
      await this.queue.enqueueRedelivery(deliveryId);
    } catch (error) {
      await this.deliveries.setState(deliveryId, before.state);
      throw new AppException(ErrorCode.ServiceUnavailable, 'The delivery could not be queued; try again shortly.', {
        cause: error,
      });
    }
    return pending;
  }

  /** Sends a `webhook.test` event now, from this process, and answers with its delivery. */
  async sendTest(webhookId: string): Promise<DeliveryView> {
    const webhook = await this.webhooks.get(webhookId);
    const payload: WebhookPayload = {
      id: randomUUID(),
      type: TEST_EVENT_TYPE,
      timestamp: new Date().toISOString(),
      data: { webhook_id: webhook.id },
    };
    const { id } = await this.deliveries.createOnce(webhook.id, payload);
    await this.sender.attempt(webhook, { id, event_id: payload.id, payload }, true);
    return this.get(webhookId, id);
  }
}

function deliveryNotFound(webhookId: string, deliveryId: string): AppException {
  return new AppException(ErrorCode.NotFound, `Webhook ${webhookId} has no delivery with the id ${deliveryId}.`);
}
