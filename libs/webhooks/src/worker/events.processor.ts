// Consumes the `events` queue (fed by the outbox relay) one job, a batch of events, at a time,
// so deliveries of one record's events are handed out in the order the changes were made; then
// hands the batch to the other event sinks (functions). A
// passing outage (PostgreSQL restarting) is waited out here, in order; BullMQ's own retries of
// event jobs (set by the relay) are only the last resort. Jobs of one event each, queued by
// relays before batching, are still taken.

import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { RecordEventSinks, refsOfJob, RelayedBatch } from '@stagecraft/events';
import { UnrecoverableError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { EventDispatcher } from './event-dispatcher.js';

/** Pauses between tries of one event while the database is unreachable: about a minute in all. */
const RETRY_DELAYS_MS = [500, 1000, 2000, 4000, 8000, 15_000, 30_000];

// Declared a processor by WebhooksWorkerModule.forRoot, whose worker options come from configuration.
@Injectable()
export class EventsProcessor extends WorkerHost {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly sinks: RecordEventSinks,
    private readonly dataSource: DataSource,
  ) {
    super();
  }

  async process(job: Job): Promise<{ events: number; queued: number }> {
    const refs = refsOfJob(job.name, job.data);
    if (!refs) throw new UnrecoverableError(`The events queue has no handler for "${job.name}"`);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const batch = new RelayedBatch(refs, this.dataSource);
        const queued = await this.dispatcher.dispatch(batch);
        // Functions run by events, once the deliveries are out (each side is idempotent).
        await this.sinks.dispatch(batch);
        return { events: refs.length, queued };
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) throw error;
        this.logger.warn(
          `Events of job ${job.id ?? '?'} not dispatched yet (${error instanceof Error ? error.message : String(error)}); trying again in ${delay} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
