// Brute-force limits on second factors: every attempt counts per client IP
// (RATE_LIMIT_AUTH_PER_IP), and wrong ones per user (RATE_LIMIT_AUTH_PER_ACCOUNT), so a stolen
// password gives an attacker a few guesses at a 6-digit code per window, not a million.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';

@Injectable()
export class SecondFactorAttempts {
  constructor(
    private readonly rateLimiter: RateLimiterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Before checking a code: a 429 problem when this IP or this user is over the limit. */
  async begin(userId: string, ip: string): Promise<void> {
    await this.rateLimiter.consume('mfa-ip', ip, this.config.rateLimits.authPerIp);
    await this.rateLimiter.assertBelow('mfa-user', userId, this.config.rateLimits.authPerAccount);
  }

  /** A wrong code or assertion: counts against the user. */
  async failed(userId: string): Promise<void> {
    await this.rateLimiter.consume('mfa-user', userId, Number.MAX_SAFE_INTEGER);
  }
}
