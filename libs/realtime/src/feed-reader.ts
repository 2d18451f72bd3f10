// Follows the realtime feed in one API process: the relay's announcements on the Redis stream
// for speed, the outbox for certainty. Items are handed on in position order, each once. A gap
// (an announcement lost, Redis restarted, this reader behind the stream's length) is filled
// from the outbox; and while no announcement comes, the feed's head is polled, so a lost last
// announcement or a Redis outage delays events by at most the poll interval.

import { Logger } from '@nestjs/common';
import { decodeFeedEntry, feedEntryId, feedStreamKey, type FeedItem } from '@stagecraft/events';
import { createRedis, type RedisTarget } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';

const BLOCK_MS = 5000;
const POLL_MS = 1000;
const RETRY_MS = 1000;
const PAGE = 1000;

/** Receives items in position order; awaited before the next ones are read. */
export type FeedConsumer = (items: readonly FeedItem[]) => Promise<void>;

/** The feed's head: the last position the relay committed. */
export async function readFeedHead(db: DataSource): Promise<number> {
  const rows = await db.query<{ head: string }[]>(`SELECT "head" FROM "stagecraft"."outbox_feed"`);
  return Number(rows[0]?.head ?? 0);
}

/** Items after `from` up to `to` (inclusive), from the outbox, at most PAGE of them. */
export async function readFeedItems(db: DataSource, from: number, to: number): Promise<FeedItem[]> {
  const rows = await db.query<
    { position: string; collection_id: string | null; action: FeedItem['action']; record_id: string }[]
  >(
    `SELECT "feed_position" AS position, "collection_id", "action", "record_id"::text
       FROM "stagecraft"."outbox"
      WHERE "feed_position" > $1 AND "feed_position" <= $2
      ORDER BY "feed_position" LIMIT ${PAGE}`,
    [from, to],
  );
  return rows.map((row) => ({
    position: Number(row.position),
    collectionId: row.collection_id,
    action: row.action,
    recordId: row.record_id,
  }));
}

export class FeedReader {
  private readonly logger = new Logger('RealtimeFeed');
  private redis: Redis | undefined;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private poller: NodeJS.Timeout | undefined;
  /** The last position handed on. */
  private position = 0;
  /** Serialises hand-overs from the stream loop and the poll. */
  private handing: Promise<void> = Promise.resolve();
  /** Settles on stop(): a read waiting for a Redis that is away is not waited for. */
  private readonly stopSignal: Promise<null>;
  private signalStop: () => void = () => undefined;

  constructor(
    private readonly db: DataSource,
    private readonly redisTarget: RedisTarget,
    private readonly prefix: string,
    private readonly consume: FeedConsumer,
  ) {
    this.stopSignal = new Promise((resolve) => (this.signalStop = () => resolve(null)));
  }

  /** The last position handed on (everything up to it has been consumed). */
  get head(): number {
    return this.position;
  }

  /** Starts at the feed's current head: events before it are for resumes, read from the outbox. */
  async start(): Promise<void> {
    this.position = await readFeedHead(this.db);
    // Reads wait for the connection (while Redis is away the poll delivers the feed).
    this.redis = createRedis(this.redisTarget, {
      connectionName: 'stagecraft-realtime',
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
    });
    this.redis.on('error', () => undefined); // the shared connection logs outages; the poll covers them
    this.loop = this.follow();
    this.poller = setInterval(() => void this.catchUp(), POLL_MS);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.signalStop();
    clearInterval(this.poller);
    this.redis?.disconnect();
    await this.loop;
    await this.handing;
  }

  private async follow(): Promise<void> {
    while (!this.stopped) {
      try {
        const read = this.redis?.xread(
          'COUNT',
          100,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          feedStreamKey(this.prefix),
          feedEntryId(this.position),
        );
        // A read queued while Redis is away is never settled by disconnect(): do not wait for it.
        read?.catch(() => undefined);
        const reply = (await Promise.race([read, this.stopSignal])) as [string, [string, string[]][]][] | null;
        if (this.hasStopped()) return;
        // Everything announced since the last read goes on as one batch: while a batch is being
        // delivered the next ones pile up, and matching them together costs one query per group.
        const items = (reply ?? []).flatMap(([, entries]) => entries.flatMap(([, fields]) => decodeFeedEntry(fields)));
        if (items.length > 0) await this.handOver(items);
      } catch {
        // Redis away, or the connection closed by stop(): the loop's condition decides.
        await Promise.race([new Promise((resolve) => setTimeout(resolve, RETRY_MS)), this.stopSignal]);
      }
    }
  }

  /** Read through a method: stop() may run while the loop awaits. */
  private hasStopped(): boolean {
    return this.stopped;
  }

  /**
   * Hands on announced items in position order, reading every gap from the outbox first: before
   * them, and between two entries of one read (with several workers, a batch's announcement can
   * be refused for coming after the next one's, so the stream skips it).
   */
  private handOver(announced: readonly FeedItem[]): Promise<void> {
    this.handing = this.handing.then(async () => {
      let run: FeedItem[] = [];
      for (const item of [...announced].sort((a, b) => a.position - b.position)) {
        const next = (run.at(-1)?.position ?? this.position) + 1;
        if (item.position < next) continue; // handed on already
        if (item.position > next) {
          await this.handOn(run);
          run = [];
          await this.readThrough(item.position - 1);
        }
        run.push(item);
      }
      await this.handOn(run);
    });
    return this.handing;
  }

  /** Hands on consecutive items that follow the current position. */
  private async handOn(run: readonly FeedItem[]): Promise<void> {
    const last = run.at(-1);
    if (last === undefined) return;
    this.position = last.position;
    await this.deliver(run);
  }

  /** Polls the head and reads from the outbox whatever was not announced. */
  private catchUp(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.handing = this.handing.then(async () => {
      try {
        const head = await readFeedHead(this.db);
        if (head > this.position) await this.readThrough(head);
      } catch (error) {
        this.logger.warn(`Realtime feed not read from the outbox: ${String(error)}`);
      }
    });
    return this.handing;
  }

  /** Reads and hands on items up to `to` from the outbox. */
  private async readThrough(to: number): Promise<void> {
    while (this.position < to && !this.stopped) {
      const items = await readFeedItems(this.db, this.position, to);
      const last = items.at(-1);
      if (last === undefined) {
        // Purged or never written: nothing to hand on, but do not look for it again.
        this.position = to;
        return;
      }
      this.position = last.position;
      await this.deliver(items);
    }
  }

  private async deliver(items: readonly FeedItem[]): Promise<void> {
    try {
      await this.consume(items);
    } catch (error) {
      this.logger.error(
        `Realtime events ${items[0]?.position}–${items.at(-1)?.position} not delivered: ${String(error)}`,
      );
    }
  }
}
