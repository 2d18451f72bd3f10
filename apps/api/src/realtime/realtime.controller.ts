// /api/v1/realtime: live record changes over server-sent events, and the calls that manage a
// connection (its subscriptions, a fresh token). The WebSocket transport (ws-route.ts) shares
// the engine and the messages.

import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CallerAuthenticator,
  CurrentPrincipal,
  OptionalPrincipal,
  Public,
  type Principal,
} from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { RealtimeHub, RealtimeTickets, type Subscription } from '@stagecraft/realtime';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePosition, RealtimeCaller } from './realtime-caller.js';
import { SubscribeDto, SubscriptionListDto, type SubscriptionDto, TicketDto } from './realtime.dto.js';
import { SseTransport } from './sse-transport.js';

function view(subscription: Subscription): SubscriptionDto {
  return {
    id: subscription.id,
    topic: subscription.topic,
    filter: subscription.filter ?? null,
    fields: subscription.rawFields ?? null,
    expand: subscription.rawExpand ?? null,
  };
}

@ApiTags('realtime')
@Controller('realtime')
export class RealtimeController {
  constructor(
    private readonly hub: RealtimeHub,
    private readonly tickets: RealtimeTickets,
    private readonly caller: RealtimeCaller,
    private readonly authenticator: CallerAuthenticator,
  ) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Open a stream of record changes (server-sent events)',
    description:
      'Sends `connect` (clientId, position) first, then `change` events for the subscriptions set with POST ' +
      '/realtime/{clientId}/subscriptions, a heartbeat comment every REALTIME_HEARTBEAT_SECONDS, `reset` when a ' +
      'resume is too old, `unsubscribed` when a subscription can no longer be served, and `close` with a reason ' +
      'before the server ends the stream. Every event id is a feed position: reconnecting with Last-Event-ID ' +
      'replays what was missed once the first subscriptions are set. See docs/realtime.md.',
  })
  @ApiQuery({ name: 'ticket', required: false, description: 'A ticket from POST /realtime/ticket, for browsers' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The last event id received, to resume' })
  @ApiOkResponse({ description: 'An event stream', content: { 'text/event-stream': { schema: { type: 'string' } } } })
  @ApiBadRequestResponse({ description: 'Last-Event-ID is not a position' })
  @ApiUnauthorizedResponse({ description: 'The token, API key or ticket is not valid' })
  @ApiTooManyRequestsResponse({ description: 'Too many realtime connections for this user or address' })
  async stream(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('ticket') ticket: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
  ): Promise<void> {
    const resumeFrom = parsePosition(lastEventId);
    const caller = await this.caller.identify(request.headers, ticket);
    const transport = new SseTransport(reply.raw);
    const client = this.hub.connect({
      principal: caller?.principal,
      expiresAt: caller?.expiresAt,
      address: request.ip,
      transport,
      resumeFrom,
    });
    reply.hijack();
    reply.raw.once('close', () => this.hub.disconnect(client));
    transport.open(reply.getHeaders());
  }

  @Post('ticket')
  @Authenticated()
  @ApiOperation({
    summary: 'A single-use ticket to open a realtime connection from a browser',
    description:
      'EventSource and WebSocket cannot send headers: pass the ticket as `?ticket=` instead of a token. It works ' +
      'once, within REALTIME_TICKET_SECONDS, and the connection ends when the token that bought it expires.',
  })
  @ApiCreatedResponse({ type: TicketDto })
  async ticket(@Req() request: FastifyRequest): Promise<TicketDto> {
    const caller = await this.caller.identify(request.headers, undefined);
    if (!caller) throw new AppException(ErrorCode.Unauthorized, 'Sign in to get a realtime ticket.');
    const { ticket, expiresIn } = await this.tickets.issue(caller);
    return { ticket, expires_in: expiresIn };
  }

  @Post(':clientId/subscriptions')
  @Public()
  @ApiOperation({
    summary: 'Add subscriptions to a realtime connection',
    description:
      'All or none. Each is checked like a list query: a 400 names the bad filter, fields or expand; a 401/403 ' +
      'when the rule refuses the caller. After a reconnect with Last-Event-ID, the first subscriptions set replay ' +
      'what was missed. Use the credentials the connection was opened with.',
  })
  @ApiCreatedResponse({ type: SubscriptionListDto })
  @ApiBadRequestResponse({
    description: 'A subscription is invalid, or there would be more than REALTIME_MAX_SUBSCRIPTIONS',
  })
  @ApiNotFoundResponse({ description: 'No such connection of this caller, or no such collection' })
  async subscribe(
    @Param('clientId') clientId: string,
    @Body() body: SubscribeDto,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<SubscriptionListDto> {
    const client = this.hub.find(clientId, principal);
    const added = await this.hub.subscribe(client, body.subscriptions);
    return { data: added.map(view) };
  }

  @Get(':clientId/subscriptions')
  @Public()
  @ApiOperation({ summary: "A realtime connection's subscriptions" })
  @ApiOkResponse({ type: SubscriptionListDto })
  @ApiNotFoundResponse({ description: 'No such connection of this caller' })
  list(
    @Param('clientId') clientId: string,
    @OptionalPrincipal() principal: Principal | undefined,
  ): SubscriptionListDto {
    return { data: [...this.hub.find(clientId, principal).subscriptions.values()].map(view) };
  }

  @Delete(':clientId/subscriptions/:subscriptionId')
  @Public()
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove one subscription from a realtime connection' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such connection of this caller, or no such subscription on it' })
  unsubscribe(
    @Param('clientId') clientId: string,
    @Param('subscriptionId') subscriptionId: string,
    @OptionalPrincipal() principal: Principal | undefined,
  ): void {
    this.hub.unsubscribe(this.hub.find(clientId, principal), subscriptionId);
  }

  @Post(':clientId/auth')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Give an open realtime connection a fresh access token',
    description:
      'Send the new token as the bearer token, before the old one expires: the connection then lasts until the ' +
      'new one does. It must name the same user (403 otherwise).',
  })
  @ApiNoContentResponse({ description: 'The connection now lasts until the new token expires' })
  @ApiNotFoundResponse({ description: 'No such connection of this caller' })
  async renew(
    @Param('clientId') clientId: string,
    @Req() request: FastifyRequest,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const caller = await this.authenticator.fromCredentials({ authorization: request.headers.authorization });
    const client = this.hub.find(clientId, principal);
    if (!caller) throw new AppException(ErrorCode.Unauthorized, 'Send the new access token as the bearer token.');
    this.hub.renew(client, caller.principal, caller.expiresAt);
  }
}
