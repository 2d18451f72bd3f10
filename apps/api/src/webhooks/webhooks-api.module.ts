// The HTTP side of webhooks: admin endpoints for webhooks and their delivery logs.

import { Module } from '@nestjs/common';
import { WebhooksModule } from '@stagecraft/webhooks';
import { WebhookDeliveriesController } from './webhook-deliveries.controller.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [WebhooksModule],
  controllers: [WebhooksController, WebhookDeliveriesController],
})
export class WebhooksApiModule {}
