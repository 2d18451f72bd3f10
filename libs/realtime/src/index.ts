// Realtime: record changes pushed to subscribers over SSE and WebSocket, under their rules.
export { RealtimeModule } from './realtime.module.js';
export { RealtimeHub, type ConnectRequest, type RealtimeStats } from './realtime-hub.service.js';
export { RealtimeConnections } from './realtime-connections.service.js';
export { RealtimeTickets, type TicketHolder } from './tickets.service.js';
export {
  RealtimeClient,
  WS_CLOSE_CODES,
  type CloseReason,
  type RealtimeMessage,
  type RealtimeTransport,
} from './realtime-client.js';
export { type Subscription, type SubscriptionRequest, type SubscriptionView } from './subscription.js';
export { type ChangeAction } from './event-matcher.js';
export { messageJson } from './message-json.js';
