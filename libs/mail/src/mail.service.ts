// The producer side of email: queues a message for the worker, which retries it with
// exponential backoff. Queueing waits a few seconds at most, so a request never hangs while
// Redis is away; the caller decides whether that failure matters.

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode, within } from '@stagecraft/core';
import { QueueName } from '@stagecraft/jobs';
import type { JobsOptions, Queue } from 'bullmq';
import { SEND_EMAIL_JOB, type MailMessage } from './mail-message.js';

const QUEUE_TIMEOUT_MS = 3000;

// Messages hold single-use links: a sent one leaves Redis at once, a failed one after a day.
const JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
};

@Injectable()
export class MailService {
  constructor(@InjectQueue(QueueName.Email) private readonly queue: Queue<MailMessage>) {}

  /** Queues the message; throws a 503 problem when the queue cannot take it in time. */
  async send(message: MailMessage): Promise<void> {
    const { to, subject, text, html } = message;
    try {
      await within(
        this.queue.add(SEND_EMAIL_JOB, { to, subject, text, html }, JOB_OPTIONS),
        QUEUE_TIMEOUT_MS,
        `no answer within ${QUEUE_TIMEOUT_MS} ms`,
      );
    } catch (error) {
      throw new AppException(ErrorCode.ServiceUnavailable, 'Email cannot be queued right now; try again shortly.', {
        cause: error,
      });
    }
  }
}
