// Stored answers of reads in Redis. An entry holds the data versions its answer was computed
// at; it is served only while every one of them is unchanged, so a committed change ends it at
// once (DataVersions is bumped after each) and the TTL only bounds its life. Looking up an
// entry and reading the current versions is one round trip; on a miss those versions, read
// before the query ran, label the new entry, so an answer computed before a change can never
// pass for one computed after it. Redis being away, slow or failing bypasses the cache: a
// request never fails because of it.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { within } from '@stagecraft/core';
import { dataVersionsKey } from '@stagecraft/events';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import type { CachePlan } from './cache-plan.js';

export type CacheStatus = 'hit' | 'miss' | 'bypass';

/** An answer as sent: the JSON body and, for a record, its ETag. */
export interface CachedAnswer {
  readonly body: string;
  readonly etag?: string;
}

const LOOKUP_TIMEOUT_MS = 100;
/** Answers larger than this are sent but not stored. */
const MAX_ENTRY_BYTES = 1024 * 1024;
const QUIET_PERIOD_MS = 30_000;

@Injectable()
export class ResponseCache {
  /** Reads of cached collections by outcome, for /metrics. */
  readonly counts: Record<CacheStatus, number> = { hit: 0, miss: 0, bypass: 0 };
  private readonly logger = new Logger('ResponseCache');
  private readonly entryPrefix: string;
  private readonly versionsKey: string;
  private lastWarnedAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.entryPrefix = `${config.redis.prefix}:cache:entry:`;
    this.versionsKey = dataVersionsKey(config.redis.prefix);
  }

  /**
   * The stored answer when still current, else `compute`'s (stored for the next caller).
   * `fresh` (the client sent Cache-Control: no-cache or no-store) skips the cache both ways.
   */
  async serve(
    plan: CachePlan,
    compute: () => Promise<CachedAnswer>,
    fresh = false,
  ): Promise<CachedAnswer & { readonly status: CacheStatus }> {
    const lookup = plan.cached && !fresh && this.redis.status === 'ready' ? await this.lookup(plan) : undefined;
    if (!plan.cached || lookup === undefined) {
      this.counts.bypass += 1;
      return { ...(await compute()), status: 'bypass' };
    }
    if (lookup.answer !== undefined) {
      this.counts.hit += 1;
      return { ...lookup.answer, status: 'hit' };
    }
    const answer = await compute();
    this.counts.miss += 1;
    if (Buffer.byteLength(answer.body) <= MAX_ENTRY_BYTES) {
      const entry = `${lookup.versions}\n${answer.etag ?? ''}\n${answer.body}`;
      this.redis
        .set(this.entryPrefix + plan.key, entry, 'EX', plan.ttlSeconds)
        .catch((error: unknown) => this.warn(`An answer was not stored: ${String(error)}`));
    }
    return { ...answer, status: 'miss' };
  }

  /** The current versions of the plan's dependencies, and the stored answer if it was computed at them. */
  private async lookup(
    plan: Extract<CachePlan, { cached: true }>,
  ): Promise<{ versions: string; answer?: CachedAnswer } | undefined> {
    try {
      const replies = await within(
        this.redis
          .pipeline()
          .get(this.entryPrefix + plan.key)
          .hmget(this.versionsKey, ...plan.dependencyIds)
          .exec(),
        LOOKUP_TIMEOUT_MS,
        `no answer within ${LOOKUP_TIMEOUT_MS} ms`,
      );
      const [[entryError, entry], [versionsError, versions]] = replies as [
        [Error | null, string | null],
        [Error | null, (string | null)[]],
      ];
      const failure = entryError ?? versionsError;
      if (failure) throw failure;
      const current = versions.map((version) => version ?? '0').join(',');
      return { versions: current, answer: entry === null ? undefined : parseEntry(entry, current) };
    } catch (error) {
      this.warn(`Reads bypass the cache: ${String(error)}`);
      return undefined;
    }
  }

  /** One line per quiet period: an outage is one fact, not one per request. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarnedAt < QUIET_PERIOD_MS) return;
    this.lastWarnedAt = now;
    this.logger.warn(message);
  }
}

/** `<versions>\n<etag>\n<body>`: the answer if its versions are the current ones. */
function parseEntry(entry: string, currentVersions: string): CachedAnswer | undefined {
  const versionsEnd = entry.indexOf('\n');
  const etagEnd = entry.indexOf('\n', versionsEnd + 1);
  if (versionsEnd < 0 || etagEnd < 0 || entry.slice(0, versionsEnd) !== currentVersions) return undefined;
  const etag = entry.slice(versionsEnd + 1, etagEnd);
  return { body: entry.slice(etagEnd + 1), ...(etag === '' ? {} : { etag }) };
}
