// Single-use, short-lived tickets for browsers, which cannot send an Authorization header
// with EventSource or WebSocket: a signed-in caller trades its credential for a ticket
// (POST /realtime/ticket) and opens the connection with `?ticket=`. Only a hash of the ticket
// is kept, in Redis, and taking it deletes it, so a ticket seen in a log is already spent.

import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { REDIS } from '@stagecraft/redis';
import type { Redis } from 'ioredis';
import { createHash, randomBytes } from 'node:crypto';

export interface TicketHolder {
  readonly principal: Principal;
  /** When the credential that bought the ticket expires (ms); the connection ends then too. */
  readonly expiresAt?: number;
}

const TICKET = /^rt_[A-Za-z0-9_-]{43}$/;

@Injectable()
export class RealtimeTickets {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(holder: TicketHolder): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = `rt_${randomBytes(32).toString('base64url')}`;
    const expiresIn = this.config.realtime.ticketSeconds;
    await this.redis.set(this.key(ticket), JSON.stringify(holder), 'EX', expiresIn).catch((error: unknown) => {
      throw unavailable(error);
    });
    return { ticket, expiresIn };
  }

  /** The holder of a valid ticket, which is spent by this call; a 401 otherwise. */
  async redeem(ticket: string): Promise<TicketHolder> {
    if (!TICKET.test(ticket)) throw refused();
    const stored = await this.redis.getdel(this.key(ticket)).catch((error: unknown) => {
      throw unavailable(error);
    });
    if (stored === null) throw refused();
    return JSON.parse(stored) as TicketHolder;
  }

  private key(ticket: string): string {
    return `${this.config.redis.prefix}:realtime:ticket:${createHash('sha256').update(ticket).digest('base64url')}`;
  }
}

function refused(): AppException {
  return new AppException(ErrorCode.Unauthorized, 'The realtime ticket is not valid: it expired or was used already.');
}

function unavailable(error: unknown): AppException {
  return new AppException(ErrorCode.ServiceUnavailable, 'Realtime tickets cannot be issued or checked right now.', {
    headers: { 'Retry-After': '1' },
    cause: error,
  });
}
