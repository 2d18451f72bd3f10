// Turns record events into deliveries, a batch at a time: the enabled webhooks listening to an
// event's collection and action whose condition the record meets each get one delivery row
// (one per webhook and event, so an event dispatched twice is not delivered twice as two
// deliveries). A webhook hears only changes made after it was created: events still waiting in
// the outbox when it is saved are not its own. A batch costs one query for the webhooks of each
// collection and action in it, one for its events and one per event for conditions (none
// without a condition: routing needs only what the relay queued), one insert for all its
// deliveries, whose bodies are copied from the outbox in SQL, and one job for all their first
// tries, which lists them in the order of the events.

import { Injectable, Logger } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import type { RecordEventRef, RelayedBatch } from '@stagecraft/events';
import { compiledSchemaFor } from '@stagecraft/records';
import { DataSource } from 'typeorm';
import { DeliveriesRepository, type WantedDelivery } from '../deliveries.repository.js';
import { DeliveryQueue } from '../delivery-queue.js';
import { eventMeetsCondition } from '../webhook-condition.js';
import type { WebhookView } from '../webhook.types.js';
import { WebhooksRepository } from '../webhooks.repository.js';

@Injectable()
export class EventDispatcher {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly queue: DeliveryQueue,
    private readonly schemaCache: SchemaCacheService,
    private readonly dataSource: DataSource,
  ) {}

  /** The number of deliveries queued for the batch's events, given in the order they were made. */
  async dispatch(batch: RelayedBatch): Promise<number> {
    const listeners = new Map<string, Promise<WebhookView[]>>();
    const wanted: WantedDelivery[] = [];
    for (const ref of batch.refs) {
      const key = `${ref.action}/${ref.collection}`;
      let listening = listeners.get(key);
      if (!listening) {
        listening = this.webhooks.listening(ref.collection, ref.action);
        listeners.set(key, listening);
      }
      const madeAt = Date.parse(ref.timestamp);
      for (const webhook of await listening) {
        if (madeAt < Date.parse(webhook.created_at)) continue;
        if (await this.meetsCondition(webhook, ref, batch)) {
          wanted.push({ webhookId: webhook.id, sequence: ref.sequence, eventId: ref.id });
        }
      }
    }
    const deliveries = await this.deliveries.createMany(wanted);
    if (deliveries.length < wanted.length) {
      this.logger.warn(
        `${wanted.length - deliveries.length} deliveries not created: their events are no longer in the outbox`,
      );
    }
    // One that exists but was never tried (a crash between insert and queueing) is queued
    // again; its first try is claimed, so two jobs holding it send it once.
    const queued = deliveries
      .filter((delivery) => delivery.created || (delivery.state === 'pending' && delivery.attempts === 0))
      .map((delivery) => delivery.id);
    await this.queue.enqueueFirstTries(queued);
    return queued.length;
  }

  private async meetsCondition(webhook: WebhookView, ref: RecordEventRef, batch: RelayedBatch): Promise<boolean> {
    if (webhook.condition === null) return true;
    const event = await batch.event(ref);
    // Gone from the outbox: createMany finds it missing too and says so.
    if (!event) return true;
    const schema = compiledSchemaFor(await this.schemaCache.current());
    const met = await eventMeetsCondition(this.dataSource, schema, webhook.condition, event);
    if (!(met instanceof Error)) return met;
    this.logger.warn(
      `Webhook "${webhook.name}" (${webhook.id}): condition not evaluated for event ${event.id} on ` +
        `"${event.data.collection}", so not delivered: ${met.message}`,
    );
    return false;
  }
}
