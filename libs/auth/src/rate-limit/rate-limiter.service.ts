// Fixed-window rate limits kept in Redis, so every API instance counts together. When Redis
// is unreachable the limiter lets requests through: sign-in keeps working during an outage,
// which is logged once when it starts and once when limits apply again, not per request.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';

// INCR and set the window's expiry on the first hit, atomically; returns [count, ms left].
const CONSUME = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { count, redis.call('PTTL', KEYS[1]) }`;

export type RateLimitBucket =
  | 'login-ip'
  | 'login-account'
  | 'register-ip'
  | 'refresh-ip'
  | 'setup-ip'
  // Verification and reset emails: requests per client IP, messages per address.
  | 'email-ip'
  | 'email-address'
  // Second-factor codes and assertions: every attempt per client IP, wrong ones per user.
  | 'mfa-ip'
  | 'mfa-user'
  // Passwordless passkey sign-ins started per client IP (each stores a challenge).
  | 'passkey-ip'
  // OAuth sign-ins started per client IP (each stores a state).
  | 'oauth-ip';

@Injectable()
export class RateLimiterService {
  private readonly logger = new Logger(RateLimiterService.name);
  private failing = false;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts one attempt; throws a 429 problem when the bucket is over its limit. */
  async consume(bucket: RateLimitBucket, id: string, limit: number): Promise<void> {
    const counted = await this.run(() =>
      this.redis.eval(CONSUME, 1, this.key(bucket, id), this.config.rateLimits.windowSeconds * 1000),
    );
    if (!counted) return;
    const [count, msLeft] = counted as [number, number];
    if (count > limit) throw tooMany(msLeft);
  }

  /** Throws a 429 problem when the bucket is already at its limit, without counting. */
  async assertBelow(bucket: RateLimitBucket, id: string, limit: number): Promise<void> {
    const key = this.key(bucket, id);
    const state = await this.run(() => this.redis.multi().get(key).pttl(key).exec());
    if (!state) return;
    const [[, count], [, msLeft]] = state as [[null, string | null], [null, number]];
    if (Number(count ?? 0) >= limit) throw tooMany(msLeft);
  }

  async reset(bucket: RateLimitBucket, id: string): Promise<void> {
    await this.run(() => this.redis.del(this.key(bucket, id)));
  }

  private key(bucket: RateLimitBucket, id: string): string {
    return `${this.config.redis.prefix}:ratelimit:${bucket}:${id.toLowerCase()}`;
  }

  private async run<T>(command: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await command();
      if (this.failing) {
        this.failing = false;
        this.logger.log('Rate limits apply again: Redis answers');
      }
      return result;
    } catch (error) {
      if (!this.failing) {
        this.failing = true;
        this.logger.warn(
          `Rate limits not applied until Redis answers: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return undefined;
    }
  }
}

function tooMany(msLeft: number): AppException {
  const retryAfter = Math.max(1, Math.ceil(msLeft / 1000));
  return new AppException(ErrorCode.RateLimited, `Too many attempts; try again in ${retryAfter} seconds.`, {
    headers: { 'retry-after': String(retryAfter) },
    extensions: { retryAfter },
  });
}
