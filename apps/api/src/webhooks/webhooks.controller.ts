// /api/v1/webhooks: admins create, list, read, change and delete webhooks, and send a test
// event to one. Deliveries have their own controller.

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import { DeliveriesService, WebhooksService, type DeliveryView, type WebhookView } from '@stagecraft/webhooks';
import { UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { CreateWebhookDto, DeliveryDto, UpdateWebhookDto, WebhookDto, WebhookListDto } from './webhooks.dto.js';

export const WEBHOOK_ID_PARAM = { name: 'id', schema: UUID, description: 'The webhook id' } as const;
const BAD_INPUT =
  'A field is invalid: name, url (http or https), actions, secret (`whsec_…`), an unknown collection, ' +
  'or a condition that does not compile (with its position)';

@ApiTags('webhooks')
@AdminOnly()
@Controller('webhooks')
export class WebhooksController {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly deliveries: DeliveriesService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a webhook; the secret is generated when not given',
    description:
      'Record events of the listed collections (all when empty) and actions are delivered to the URL, signed, retried with growing delays.',
  })
  @ApiCreatedResponse({ type: WebhookDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  create(@Body() body: CreateWebhookDto, @CurrentPrincipal() principal: Principal): Promise<WebhookView> {
    return this.webhooks.create(body, principal.kind === 'user' ? principal.id : null);
  }

  @Get()
  @ApiOperation({
    summary: 'Every webhook, oldest first',
    description: 'With their secrets and whether they are enabled (and why not).',
  })
  @ApiOkResponse({ type: WebhookListDto })
  async list(): Promise<WebhookListDto> {
    return { data: await this.webhooks.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook', description: 'Its target, filters, secret and state.' })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiOkResponse({ type: WebhookDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No webhook has this id' })
  get(@Param('id', ParseIdPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change some fields; enabled=true turns it on again and clears disabled_reason',
    description: 'Only the fields given change. Deliveries not yet sent go out with the new URL and secret.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiOkResponse({ type: WebhookDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  @ApiNotFoundResponse({ description: 'No webhook has this id' })
  update(@Param('id', ParseIdPipe) id: string, @Body() body: UpdateWebhookDto): Promise<WebhookView> {
    return this.webhooks.update(id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a webhook with its delivery log',
    description: 'Deliveries not yet sent are skipped.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No webhook has this id' })
  async delete(@Param('id', ParseIdPipe) id: string): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Post(':id/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a `webhook.test` event now and answer with its delivery (one attempt, no retries)',
    description: 'The same signing and address checks as every delivery: a refused address shows as state `refused`.',
  })
  @ApiParam(WEBHOOK_ID_PARAM)
  @ApiOkResponse({ type: DeliveryDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No webhook has this id' })
  sendTest(@Param('id', ParseIdPipe) id: string): Promise<DeliveryView> {
    return this.deliveries.sendTest(id);
  }
}
