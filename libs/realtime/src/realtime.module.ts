// The realtime engine for the API: the feed follower and subscription hub, and tickets.

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { CollectionsModule } from '@stagecraft/collections';
import { RealtimeHub } from './realtime-hub.service.js';
import { RealtimeTickets } from './tickets.service.js';

@Module({
  imports: [AuthModule, CollectionsModule],
  providers: [RealtimeHub, RealtimeTickets],
  exports: [RealtimeHub, RealtimeTickets],
})
export class RealtimeModule {}
