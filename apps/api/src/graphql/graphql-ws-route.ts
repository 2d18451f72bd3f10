// GET /api/v1/graphql/ws: GraphQL over WebSocket (graphql-ws, subprotocol graphql-transport-ws).
// A bearer token, API key or realtime ticket on the upgrade request is checked before the
// upgrade (a bad one gets an HTTP problem, not a socket); credentials in the connection_init
// payload are checked when it arrives. See docs/graphql.md#subscriptions.

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { replyWithProblem } from '@stagecraft/core';
import { GraphqlWsServer, SUBSCRIPTIONS_PATH, type UpgradeCaller } from '@stagecraft/graphql';
import { RealtimeHub } from '@stagecraft/realtime';
import type { FastifyRequest } from 'fastify';
import { RealtimeCaller } from '../realtime/realtime-caller.js';

const upgrades = new WeakMap<FastifyRequest, UpgradeCaller>();

export function registerGraphqlWebSocket(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .get<{ Querystring: Record<string, unknown> }>(
      SUBSCRIPTIONS_PATH,
      {
        websocket: true,
        preValidation: async (request, reply) => {
          try {
            const caller = await app.get(RealtimeCaller).identify(request.headers, request.query.ticket);
            app.get(RealtimeHub).admit(caller?.principal, request.ip);
            upgrades.set(request, { caller, address: request.ip });
          } catch (error) {
            replyWithProblem(error, request, reply);
            return reply;
          }
        },
      },
      (socket, request) => {
        app.get(GraphqlWsServer).open(socket, upgrades.get(request) ?? { caller: undefined, address: request.ip });
      },
    );
}
