// The worker's handler for the `email` queue: adds the configured sender and hands each
// message to the transport chosen at start. A failure throws, so BullMQ retries with the
// backoff the producer set.

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { UnrecoverableError, type Job } from 'bullmq';
import { SEND_EMAIL_JOB, type MailMessage } from './mail-message.js';
import { MAIL_TRANSPORT, type MailTransport } from './transports/mail-transport.js';

@Processor(QueueName.Email, { concurrency: 4, ...STALLED_JOB_OPTIONS })
export class EmailProcessor extends WorkerHost implements OnApplicationShutdown {
  constructor(
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: Job<MailMessage>): Promise<void> {
    if (job.name !== SEND_EMAIL_JOB) throw new UnrecoverableError(`Unknown email job "${job.name}"`);
    const { to, subject, text, html } = job.data;
    await this.transport.send({ from: this.config.mail.from, to, subject, text, html });
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
