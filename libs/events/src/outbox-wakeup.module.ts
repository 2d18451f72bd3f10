// What a process that writes records needs after commit: wake the relay, bump data versions.

import { Module } from '@nestjs/common';
import { DataVersions } from './data-versions.js';
import { OutboxWakeup } from './outbox-wakeup.js';

@Module({ providers: [OutboxWakeup, DataVersions], exports: [OutboxWakeup, DataVersions] })
export class OutboxWakeupModule {}
