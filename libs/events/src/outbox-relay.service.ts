// Moves committed events from stagecraft.outbox into the `events` queue, in outbox order, and
// marks them sent: one job per batch, so dispatch can work a batch at a time. A job names its
// events (position, id, collection, action, time); their record images stay in the outbox,
// read there by whoever needs them, so a batch costs Redis and the worker a few bytes an event.
// A NOTIFY sent by the API after its writes commit (OutboxWakeup) wakes it; a poll every
// OUTBOX_POLL_INTERVAL_MS is the safety net (missed notifications, a lost LISTEN connection,
// Redis coming back). One relay runs at a time across workers (an advisory lock per batch),
// so events of one record reach the queue in the order they were made. While Redis is away
// nothing is marked sent: the events wait in the outbox and go out when it returns. A batch
// queued whose "sent" mark was lost (crash in between) is queued again; should it then hold
// other events (the batch read again can be longer), its job id differs and the events in both
// are dispatched twice, which dispatch makes harmless (one delivery per webhook and event).
// Each relayed batch also bumps the data versions of the collections it touched, which ends
// cached answers of changes no API process bumped for (cascades, other writers).

import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { within } from '@stagecraft/core';
import { QueueName } from '@stagecraft/jobs';
import { REDIS } from '@stagecraft/redis';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { masterPool } from '@stagecraft/database';
import type { PoolClient, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import { DataVersions } from './data-versions.js';
import { announceFeedItems, numberSentEvents, type FeedItem } from './feed.js';
import { ChannelListener, OUTBOX_CHANNEL } from './outbox-listener.js';
import { readUnsentRefs } from './outbox-reader.js';
import { RECORD_EVENT_REFS_JOB, type RecordEventRefsJob } from './record-event.js';

const BATCH_SIZE = 1000;
// Serialises relays across worker processes.
const RELAY_LOCK_KEY = 0x5c_af_7a_06;
// How long queueing a batch may take before the batch is left for the next round.
const QUEUE_TIMEOUT_MS = 5000;
const QUIET_PERIOD_MS = 30_000;
// One round trip (a simple query may hold several statements). The unsent events are read in
// order down the partial index on id; a bitmap scan, which stale statistics make look cheaper,
// would sort the whole backlog for every batch.
const BEGIN_AND_LOCK = `BEGIN;
  SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_KEY}) AS locked, set_config('enable_bitmapscan', 'off', true)`;

@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxRelayService.name);
  private readonly listener: ChannelListener;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopping = false;
  private lastWarnedAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QueueName.Events) private readonly events: Queue<RecordEventRefsJob>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersions,
  ) {
    this.listener = new ChannelListener(
      config,
      OUTBOX_CHANNEL,
      () => this.wake(),
      (message) => this.warn(message),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.config.outbox.pollIntervalMs);
    this.wake();
  }

  // Before the connection pool closes: stop taking new rounds and let the current one end.
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.listener.stop();
    await this.running;
  }

  /** Starts a relay round, or asks the running one to go once more. */
  wake(): void {
    if (this.stopping) return;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = this.relayUntilEmpty().finally(() => {
      this.running = undefined;
    });
  }

  private async relayUntilEmpty(): Promise<void> {
    do {
      let relayed: number;
      do {
        relayed = await this.relayBatch();
      } while (relayed === BATCH_SIZE && !this.stopping);
    } while (this.takeRerun());
  }

  /** Whether a wake-up arrived during the round (and clears it). */
  private takeRerun(): boolean {
    const again = this.rerun && !this.stopping;
    this.rerun = false;
    return again;
  }

  /** Queues one batch and marks it sent, in one transaction; the number relayed. */
  private async relayBatch(): Promise<number> {
    // A pooled connection of its own, used directly: a batch is four round trips (BEGIN with the
    // lock, read, mark, COMMIT) and its two statements are planned once per connection.
    let client: PoolClient;
    try {
      client = await masterPool(this.dataSource).connect();
    } catch (error) {
      this.warn(`Events wait in the outbox: ${describe(error)}`);
      return 0;
    }
    let broken: Error | undefined;
    try {
      const [, lock] = (await client.query(BEGIN_AND_LOCK)) as unknown as [
        QueryResult,
        QueryResult<{ locked: boolean }>,
      ];
      if (!lock.rows[0]?.locked) {
        await client.query('ROLLBACK');
        return 0;
      }
      const batch = await readUnsentRefs(client, BATCH_SIZE);
      if (batch.length === 0) {
        await client.query('ROLLBACK');
        return 0;
      }
      const sequences = batch.map((ref) => ref.sequence);
      await within(
        this.events.add(
          RECORD_EVENT_REFS_JOB,
          { refs: batch },
          {
            jobId: `events-${Math.min(...sequences)}-${Math.max(...sequences)}`,
            // Dispatch retries a failing step inline first (to keep order); these are the last resort.
            attempts: 10,
            backoff: { type: 'exponential', delay: 1000 },
            removeOnComplete: { count: 1000 },
            removeOnFail: { count: 10_000 },
          },
        ),
        QUEUE_TIMEOUT_MS,
        `the events queue did not answer within ${QUEUE_TIMEOUT_MS} ms`,
      );
      const numbered = await numberSentEvents(client, sequences);
      await client.query('COMMIT');
      await this.versions.bump(numbered.flatMap((item) => (item.collectionId === null ? [] : [item.collectionId])));
      this.announce(numbered);
      return batch.length;
    } catch (error) {
      // A connection that cannot even roll back is dropped rather than returned to the pool.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      this.warn(`Events wait in the outbox: ${describe(error)}`);
      return 0;
    } finally {
      client.release(broken);
    }
  }

  /** Tells the API processes; if this is lost they find the gap and read the outbox. */
  private announce(items: readonly FeedItem[]): void {
    announceFeedItems(this.redis, this.config.redis.prefix, items).catch((error: unknown) => {
      // Another worker's relay, which committed the next batch after this one, announced first:
      // readers see the gap before its entry and read this batch from the outbox. Nothing to say.
      if (String(error).includes('equal or smaller than the target stream top item')) return;
      this.warn(`Realtime feed not announced (API processes read it from the outbox): ${String(error)}`);
    });
  }

  /** One line per quiet period: an outage is one fact, not one per poll. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarnedAt < QUIET_PERIOD_MS) return;
    this.lastWarnedAt = now;
    this.logger.warn(message);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
