// The HTTP side of the development mailbox.

import { Module } from '@nestjs/common';
import { MailboxModule } from '@stagecraft/mail';
import { MailboxController } from './mailbox.controller.js';

@Module({ imports: [MailboxModule], controllers: [MailboxController] })
export class MailboxApiModule {}
