// The development mailbox for the API: reading captured email (see captured-mailbox.service.ts).

import { Module } from '@nestjs/common';
import { CapturedMailboxService } from './captured-mailbox.service.js';

@Module({ providers: [CapturedMailboxService], exports: [CapturedMailboxService] })
export class MailboxModule {}
