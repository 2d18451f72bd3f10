// /api/v1/webhooks/{id}/deliveries: the delivery log of a webhook (newest first, with every
// attempt) and redelivery of one delivery.

import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '@stagecraft/auth';
import { DeliveriesService, type DeliveryList, type DeliveryView } from '@stagecraft/webhooks';
import { UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { WEBHOOK_ID_PARAM } from './webhooks.controller.js';
import { DeliveryDto, DeliveryListDto, ListDeliveriesQueryDto } from './webhooks.dto.js';

const DELIVERY_ID_PARAM = { name: 'delivery_id', schema: UUID, description: 'The delivery id' } as const;

@ApiTags('webhooks')
@AdminOnly()
@Controller('webhooks/:id/deliveries')
export class WebhookDeliveriesController {
  constructor(private readonly deliveries: DeliveriesService) {}

  @Get()
  @ApiOperation({
    summary: 'The delivery log, newest first, optionally of one state',
    description: 'A page at a time with `limit` and `offset`; each delivery comes with its attempts.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiOkResponse({ type: DeliveryListDto })
  @ApiBadRequestResponse({ description: 'The id, state, limit (1 to 100) or offset is invalid' })
  @ApiNotFoundResponse({ description: 'No webhook has this id' })
  list(@Param('id', ParseIdPipe) id: string, @Query() query: ListDeliveriesQueryDto): Promise<DeliveryList> {
    return this.deliveries.list(id, query);
  }

  @Get(':delivery_id')
  @ApiOperation({
    summary: 'One delivery with its payload and attempts',
    description: 'The payload is the body the receiver was sent; each attempt has its status or error.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiParam(DELIVERY_ID_PARAM)
  @ApiOkResponse({ type: DeliveryDto })
  @ApiBadRequestResponse({ description: 'An id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such webhook, or the webhook has no such delivery' })
  get(
    @Param('id', ParseIdPipe) id: string,
    @Param('delivery_id', ParseIdPipe) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.deliveries.get(id, deliveryId);
  }

  @Post(':delivery_id/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send the delivery again with a fresh set of attempts',
    description: 'The same event id, so the same `webhook-id` header: receivers can tell it is the same event.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiParam(DELIVERY_ID_PARAM)
  @ApiAcceptedResponse({ type: DeliveryDto, description: 'Queued; the state is back to pending' })
  @ApiBadRequestResponse({ description: 'An id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No such webhook, or the webhook has no such delivery' })
  @ApiServiceUnavailableResponse({ description: 'The queue (Redis) is unreachable; nothing changed' })
  redeliver(
    @Param('id', ParseIdPipe) id: string,
    @Param('delivery_id', ParseIdPipe) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.deliveries.redeliver(id, deliveryId);
  }
}
