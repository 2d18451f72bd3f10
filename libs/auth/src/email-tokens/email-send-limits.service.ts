// Rate limits on identity emails: requests per client IP (RATE_LIMIT_AUTH_PER_IP) and
// messages per address (RATE_LIMIT_EMAIL_PER_ADDRESS), both per RATE_LIMIT_WINDOW_SECONDS.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';

@Injectable()
export class EmailSendLimits {
  constructor(
    private readonly rateLimiter: RateLimiterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Counts a request from this IP; a 429 problem when over the limit. */
  countRequest(ip: string): Promise<void> {
    return this.rateLimiter.consume('email-ip', ip, this.config.rateLimits.authPerIp);
  }

  /** Counts a message to this address; a 429 problem when over the limit. */
  countMessage(email: string): Promise<void> {
    return this.rateLimiter.consume('email-address', email, this.config.mail.perAddressLimit);
  }

  /** Like countMessage, but answers false instead of throwing, for callers that must not tell. */
  async tryCountMessage(email: string): Promise<boolean> {
    try {
      await this.countMessage(email);
      return true;
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.RateLimited) return false;
      throw error;
    }
  }
}
