// How far record events are behind: the oldest event not yet handed to its consumers, across
// every place one can wait (the outbox before the relay, the `events` queue before dispatch,
// a webhook delivery not yet tried). One figure for operators to alert on, whichever stage is
// slow; a delivery that was tried and is waiting to retry is the receiver's problem and is
// counted by the webhook's own delivery states instead.

import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { firstPendingJobs, PENDING_JOB_STATES } from './pending-jobs.js';
import { QueueName } from './queue-name.js';

/** Counting stops here: past it, "at least this many" is all an operator needs. */
export const BACKLOG_COUNT_CAP = 100_000;

export interface EventBacklog {
  /** When the oldest waiting event's change was made; null when nothing waits. */
  readonly oldest_undelivered_at: string | null;
  /** Seconds since then; 0 when nothing waits. */
  readonly oldest_undelivered_age_seconds: number;
  /** Events in the outbox not yet relayed (counted up to BACKLOG_COUNT_CAP). */
  readonly outbox_unsent: number;
  /** Jobs of the `events` queue not yet dispatched (each holds one or more events). */
  readonly queued_jobs: number;
  /** Webhook deliveries not yet tried (counted up to BACKLOG_COUNT_CAP). */
  readonly deliveries_untried: number;
}

// Both read the oldest row through a partial index, then count at most the cap.
const OUTBOX_BACKLOG = `
  SELECT (SELECT "created_at" FROM "stagecraft"."outbox" WHERE "sent_at" IS NULL ORDER BY "id" LIMIT 1) AS oldest,
         (SELECT count(*) FROM (SELECT 1 FROM "stagecraft"."outbox" WHERE "sent_at" IS NULL LIMIT $1) o)::int AS waiting`;
const DELIVERY_BACKLOG = `
  SELECT (SELECT ("payload" ->> 'timestamp')::timestamptz FROM "stagecraft"."webhook_deliveries"
           WHERE "state" = 'pending' AND "attempts" = 0 ORDER BY "created_at" LIMIT 1) AS oldest,
         (SELECT count(*) FROM (SELECT 1 FROM "stagecraft"."webhook_deliveries"
           WHERE "state" = 'pending' AND "attempts" = 0 LIMIT $1) d)::int AS waiting`;

interface BacklogRow {
  oldest: Date | null;
  waiting: number;
}

@Injectable()
export class EventBacklogService {
  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Events) private readonly events: Queue,
  ) {}

  async measure(now = Date.now()): Promise<EventBacklog> {
    const [[outbox], [deliveries], queued] = await Promise.all([
      this.dataSource.query<BacklogRow[]>(OUTBOX_BACKLOG, [BACKLOG_COUNT_CAP]),
      this.dataSource.query<BacklogRow[]>(DELIVERY_BACKLOG, [BACKLOG_COUNT_CAP]),
      this.queuedEvents(),
    ]);
    const times = [outbox?.oldest?.getTime(), deliveries?.oldest?.getTime(), queued.oldest].filter(
      (time): time is number => time !== undefined && Number.isFinite(time),
    );
    const oldest = times.length > 0 ? Math.min(...times) : undefined;
    return {
      oldest_undelivered_at: oldest === undefined ? null : new Date(oldest).toISOString(),
      oldest_undelivered_age_seconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000),
      outbox_unsent: outbox?.waiting ?? 0,
      queued_jobs: queued.count,
      deliveries_untried: deliveries?.waiting ?? 0,
    };
  }

  /** The `events` queue's pending jobs: how many, and the change time of the oldest event in them. */
  private async queuedEvents(): Promise<{ count: number; oldest: number | undefined }> {
    const [counts, firsts] = await Promise.all([
      this.events.getJobCounts(...PENDING_JOB_STATES),
      firstPendingJobs(this.events),
    ]);
    const count = PENDING_JOB_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0);
    const times = firsts.map(eventTime);
    return { count, oldest: times.length > 0 ? Math.min(...times) : undefined };
  }
}

/**
 * When the job's first event was made: a batch of references (`refs`), one event (`event`) or
 * a batch of events (`events`), else when queued.
 */
function eventTime(job: Job): number {
  const data = job.data as
    | {
        refs?: { timestamp?: unknown }[];
        event?: { timestamp?: unknown };
        events?: { event?: { timestamp?: unknown } }[];
      }
    | null
    | undefined;
  const stamp = data?.refs?.[0]?.timestamp ?? data?.event?.timestamp ?? data?.events?.[0]?.event?.timestamp;
  const parsed = typeof stamp === 'string' ? Date.parse(stamp) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : job.timestamp;
}
