// /api/v1/realtime: live record changes over server-sent events, and the calls that manage a
// connection (its subscriptions, a fresh token), which any API process answers, wherever the
// connection is. The WebSocket transport (ws-route.ts) shares the engine and the messages.

import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CallerAuthenticator,
  CurrentPrincipal,
  OptionalPrincipal,
  SignedInOrAnonymous,
  type Principal,
} from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { RealtimeConnections, RealtimeHub, RealtimeTickets } from '@stagecraft/realtime';
import type { FastifyReply } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { parsePosition, RealtimeCaller } from './realtime-caller.js';
import { SubscribeDto, SubscriptionListDto, TicketDto } from './realtime.dto.js';
import { SseTransport } from './sse-transport.js';

const CLIENT_ID = {
  name: 'clientId',
  description: 'From the connect event',
  schema: { type: 'string', format: 'uuid', maxLength: 36 },
} as const;
const SUBSCRIPTION_ID = {
  name: 'subscriptionId',
  description: 'The subscription’s id',
  schema: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,64}$', maxLength: 64 },
} as const;

const RELAY_UNAVAILABLE =
  'The connection is on another API process, and Redis, which carries the call there, does not answer';

@ApiTags('realtime')
@Controller('realtime')
export class RealtimeController {
  constructor(
    private readonly hub: RealtimeHub,
    private readonly connections: RealtimeConnections,
    private readonly tickets: RealtimeTickets,
    private readonly caller: RealtimeCaller,
    private readonly authenticator: CallerAuthenticator,
  ) {}

  @Get()
  @SignedInOrAnonymous()
  @ApiOperation({
    summary: 'Open a stream of record changes (server-sent events)',
    description:
      'Sends `connect` (clientId, position) first, then `change` events for the subscriptions set with POST ' +
      '/realtime/{clientId}/subscriptions, a heartbeat comment every REALTIME_HEARTBEAT_SECONDS, `reset` when a ' +
      'resume is too old, `unsubscribed` when a subscription can no longer be served, and `close` with a reason ' +
      'before the server ends the stream. Every event id is a feed position: reconnecting with Last-Event-ID ' +
      'replays what was missed once the first subscriptions are set. See docs/realtime.md.',
  })
  @ApiQuery({
    name: 'ticket',
    required: false,
    description: 'A ticket from POST /realtime/ticket, for browsers',
    schema: { type: 'string', pattern: '^rt_[A-Za-z0-9_-]{43}$', maxLength: 46 },
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'The last event id received, to resume',
    schema: { type: 'string', pattern: '^[0-9]{1,15}$', maxLength: 15 },
  })
  @ApiOkResponse({
    description: 'An event stream that stays open; see docs/realtime.md for its events',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        // The data of each `change` event (OpenAPI 3.1 has no schema for stream items).
        'x-sse-events': { change: { $ref: '#/components/schemas/RealtimeChange' } },
      } as object,
    },
  })
  @ApiBadRequestResponse({ description: 'Last-Event-ID is not a position' })
  @ApiUnauthorizedResponse({ description: 'The token, API key or ticket is not valid' })
  @ApiTooManyRequestsResponse({ description: 'Too many realtime connections for this user or address' })
  async stream(
    @Headers() headers: IncomingHttpHeaders,
    @Ip() address: string,
    @Res() reply: FastifyReply,
    @Query('ticket') ticket: unknown,
  ): Promise<void> {
    const resumeFrom = parsePosition(headers['last-event-id']);
    const caller = await this.caller.identify(headers, ticket);
    const transport = new SseTransport(reply.raw);
    const client = this.hub.connect({
      principal: caller?.principal,
      expiresAt: caller?.expiresAt,
      address,
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
  @ApiBadRequestResponse({ description: 'A body was sent; this route takes none' })
  @ApiServiceUnavailableResponse({ description: 'Redis, which keeps tickets, does not answer' })
  async ticket(@Headers() headers: IncomingHttpHeaders): Promise<TicketDto> {
    const caller = await this.caller.identify(headers, undefined);
    if (!caller) throw new AppException(ErrorCode.Unauthorized, 'Sign in to get a realtime ticket.');
    const { ticket, expiresIn } = await this.tickets.issue(caller);
    return { ticket, expires_in: expiresIn };
  }

  @Post(':clientId/subscriptions')
  @SignedInOrAnonymous()
  @ApiOperation({
    summary: 'Add subscriptions to a realtime connection',
    description:
      'All or none. Each is checked like a list query: a 400 names the bad filter, fields or expand; a 401/403 ' +
      'when the rule refuses the caller. After a reconnect with Last-Event-ID, the first subscriptions set replay ' +
      'what was missed. Use the credentials the connection was opened with.',
  })
  @ApiParam(CLIENT_ID)
  @ApiCreatedResponse({ type: SubscriptionListDto })
  @ApiConflictResponse({ description: 'A subscription with this id is already on the connection' })
  @ApiForbiddenResponse({ description: 'The collection’s rule refuses the caller outright' })
  @ApiBadRequestResponse({
    description: 'A subscription is invalid, or there would be more than REALTIME_MAX_SUBSCRIPTIONS',
  })
  @ApiNotFoundResponse({ description: 'No such connection of this caller, or no such collection' })
  @ApiServiceUnavailableResponse({ description: RELAY_UNAVAILABLE })
  async subscribe(
    @Param('clientId') clientId: string,
    @Body() body: SubscribeDto,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<SubscriptionListDto> {
    return { data: await this.connections.subscribe(clientId, principal, body.subscriptions) };
  }

  @Get(':clientId/subscriptions')
  @SignedInOrAnonymous()
  @ApiOperation({
    summary: "A realtime connection's subscriptions",
    description: 'As they were set, in the order they were added.',
  })
  @ApiParam(CLIENT_ID)
  @ApiBadRequestResponse({ description: 'A body was sent; this route takes none' })
  @ApiOkResponse({ type: SubscriptionListDto })
  @ApiNotFoundResponse({ description: 'No such connection of this caller' })
  @ApiServiceUnavailableResponse({ description: RELAY_UNAVAILABLE })
  async list(
    @Param('clientId') clientId: string,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<SubscriptionListDto> {
    return { data: await this.connections.list(clientId, principal) };
  }

  @Delete(':clientId/subscriptions/:subscriptionId')
  @SignedInOrAnonymous()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove one subscription from a realtime connection',
    description: 'Its changes stop at once; the connection and its other subscriptions go on.',
  })
  @ApiParam(CLIENT_ID)
  @ApiParam(SUBSCRIPTION_ID)
  @ApiBadRequestResponse({ description: 'A body was sent; this route takes none' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such connection of this caller, or no such subscription on it' })
  @ApiServiceUnavailableResponse({ description: RELAY_UNAVAILABLE })
  async unsubscribe(
    @Param('clientId') clientId: string,
    @Param('subscriptionId') subscriptionId: string,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<void> {
    await this.connections.unsubscribe(clientId, principal, subscriptionId);
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
  @ApiParam(CLIENT_ID)
  @ApiNoContentResponse({ description: 'The connection now lasts until the new token expires' })
  @ApiBadRequestResponse({ description: 'A body was sent; this route takes none' })
  @ApiForbiddenResponse({ description: 'The new token names another user than the connection' })
  @ApiNotFoundResponse({ description: 'No such connection of this caller' })
  @ApiServiceUnavailableResponse({ description: RELAY_UNAVAILABLE })
  async renew(
    @Param('clientId') clientId: string,
    @Headers('authorization') authorization: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const caller = await this.authenticator.fromCredentials({ authorization });
    if (!caller) throw new AppException(ErrorCode.Unauthorized, 'Send the new access token as the bearer token.');
    await this.connections.renew(clientId, principal, caller);
  }
}
