// The worker's side of the outbox: the relay that feeds the `events` queue.

import { Module } from '@nestjs/common';
import { OutboxRelayService } from './outbox-relay.service.js';

@Module({ providers: [OutboxRelayService], exports: [OutboxRelayService] })
export class EventsRelayModule {}
