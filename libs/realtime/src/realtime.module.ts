// The realtime engine for the API: the feed follower and subscription hub, the management of
// connections from any process, and tickets.

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { CollectionsModule } from '@stagecraft/collections';
import { RealtimeConnections } from './realtime-connections.service.js';
import { RealtimeHub } from './realtime-hub.service.js';
import { RealtimeTickets } from './tickets.service.js';

@Module({
  imports: [AuthModule, CollectionsModule],
  providers: [RealtimeHub, RealtimeConnections, RealtimeTickets],
  exports: [RealtimeHub, RealtimeConnections, RealtimeTickets],
})
export class RealtimeModule {}
