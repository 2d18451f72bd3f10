// What a process that writes records needs to wake the relay after commit.

import { Module } from '@nestjs/common';
import { OutboxWakeup } from './outbox-wakeup.js';

@Module({ providers: [OutboxWakeup], exports: [OutboxWakeup] })
export class OutboxWakeupModule {}
