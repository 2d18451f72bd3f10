// Webhooks for both apps: storage, the signed and guarded sender, the delivery queue, and the
// admin use cases. The API adds its controllers, the worker its processors. Queues come from
// the global QueuesModule.

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { DeliveriesRepository } from './deliveries.repository.js';
import { DeliveriesService } from './deliveries.service.js';
import { DeliveryQueue } from './delivery-queue.js';
import { WebhookReferencesModule } from './webhook-references.module.js';
import { WebhookSender } from './webhook-sender.js';
import { WebhooksRepository } from './webhooks.repository.js';
import { WebhooksService } from './webhooks.service.js';

const providers = [
  WebhooksRepository,
  DeliveriesRepository,
  DeliveryQueue,
  WebhookSender,
  WebhooksService,
  DeliveriesService,
];

@Module({
  imports: [CollectionsModule, WebhookReferencesModule],
  providers,
  exports: providers,
})
export class WebhooksModule {}
