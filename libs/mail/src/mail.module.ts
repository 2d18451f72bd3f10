// Email for the API: MailService queues messages on the `email` queue (registered globally
// by QueuesModule).

import { Module } from '@nestjs/common';
import { MailService } from './mail.service.js';

@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}
