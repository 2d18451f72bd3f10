// The WebSocket routes: realtime's own messages (/api/v1/realtime/ws) and GraphQL over the
// graphql-ws protocol (/api/v1/graphql/ws). One plugin serves both.

import websocket from '@fastify/websocket';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { handleProtocols } from 'graphql-ws';
import { registerGraphqlWebSocket } from './graphql/graphql-ws-route.js';
import { registerRealtimeWebSocket } from './realtime/ws-route.js';

/** A client message larger than this closes the socket (1009): subscriptions and documents are small. */
const MAX_MESSAGE_BYTES = 256 * 1024;

export async function registerWebSockets(app: NestFastifyApplication): Promise<void> {
  await app
    .getHttpAdapter()
    .getInstance()
    .register(websocket, {
      options: {
        maxPayload: MAX_MESSAGE_BYTES,
        // The one subprotocol spoken is graphql-ws's; a client offering others gets none.
        handleProtocols: (protocols) => handleProtocols(protocols),
      },
    });
  registerRealtimeWebSocket(app);
  registerGraphqlWebSocket(app);
}
