// How many webhook requests one worker has in flight, at most WEBHOOK_CONCURRENCY: shared by
// the jobs of single deliveries (one send each) and the first-tries jobs (many sends each), so
// a batch of 500 first tries does not open 500 connections, nor a queue full of batches 16
// times that.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';

@Injectable()
export class SendSlots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.free = config.webhooks.concurrency;
  }

  /** Runs `send` once a slot is free, in the order asked. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free -= 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await send();
    } finally {
      // The slot passes straight to the next waiter, if any.
      const next = this.waiting.shift();
      if (next) next();
      else this.free += 1;
    }
  }
}
