// The worker's side of the outbox: the relay that feeds the `events` queue.

import { Module } from '@nestjs/common';
import { DataVersions } from './data-versions.js';
import { OutboxRelayService } from './outbox-relay.service.js';

@Module({ providers: [OutboxRelayService, DataVersions], exports: [OutboxRelayService] })
export class EventsRelayModule {}
