// Email for the worker: the `email` queue's processor and the transport it sends through.

import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DataSource } from 'typeorm';
import { EmailProcessor } from './email.processor.js';
import { createMailTransport } from './transports/create-mail-transport.js';
import { MAIL_TRANSPORT } from './transports/mail-transport.js';

@Module({
  providers: [
    {
      provide: MAIL_TRANSPORT,
      inject: [APP_CONFIG, DataSource],
      useFactory: (config: AppConfig, dataSource: DataSource) => createMailTransport(config, dataSource),
    },
    EmailProcessor,
  ],
})
export class MailWorkerModule {}
