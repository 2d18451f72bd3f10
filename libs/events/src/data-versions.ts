// A version counter per collection in Redis, bumped after every committed change to its rows:
// what the response cache compares to tell a stored answer from a stale one. Three writers bump
// it: the API process that made the change (before it answers, so a client reads its own
// writes), the outbox relay for every relayed event (bulk changes, cascades, other processes),
// and imports, which may write without events. Bumping is best effort: while Redis is away the
// cache is bypassed anyway, and an entry outlives a lost bump by at most its TTL.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { within } from '@stagecraft/core';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';

/** One hash: collection id → version (absent: 0). */
export const dataVersionsKey = (prefix: string): string => `${prefix}:cache:versions`;

const BUMP_TIMEOUT_MS = 500;
const QUIET_PERIOD_MS = 30_000;

@Injectable()
export class DataVersions {
  private readonly logger = new Logger('DataVersions');
  private readonly key: string;
  private lastWarnedAt = 0;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.key = dataVersionsKey(config.redis.prefix);
  }

  /** Increments the versions of these collections; never throws. */
  async bump(collectionIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(collectionIds)];
    if (ids.length === 0 || this.redis.status !== 'ready') return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hincrby(this.key, id, 1);
    try {
      await within(pipeline.exec(), BUMP_TIMEOUT_MS, 'Redis did not answer');
    } catch (error) {
      const now = Date.now();
      if (now - this.lastWarnedAt < QUIET_PERIOD_MS) return;
      this.lastWarnedAt = now;
      this.logger.warn(`Cached answers may outlive a change until their TTL: ${String(error)}`);
    }
  }
}
