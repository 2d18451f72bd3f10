// MFA tickets: after a correct first factor, an account with a second factor gets a ticket
// instead of a session. The ticket names the user and survives wrong codes (each counts against
// the rate limit) until it expires; the successful second step takes it, so it works once.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import { AuthChallengesService } from '../challenges/auth-challenges.service.js';
import type { MfaMethod } from './second-factors.repository.js';

export const MFA_TICKET_TTL_SECONDS = 300;

/** The answer to a correct first factor when a second one is needed. */
export interface MfaRequired {
  mfa_required: true;
  mfa_ticket: string;
  methods: MfaMethod[];
  expires_in: number;
}

const invalidTicket = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The MFA ticket is not valid or has expired; sign in again.');

@Injectable()
export class MfaTicketsService {
  constructor(private readonly challenges: AuthChallengesService) {}

  async issue(userId: string, methods: readonly MfaMethod[]): Promise<MfaRequired> {
    const ticket = await this.challenges.issue('mfa_ticket', MFA_TICKET_TTL_SECONDS, {}, userId);
    return { mfa_required: true, mfa_ticket: ticket, methods: [...methods], expires_in: MFA_TICKET_TTL_SECONDS };
  }

  /** The user a live ticket belongs to, leaving the ticket in place; a 401 problem otherwise. */
  async holder(ticket: string): Promise<string> {
    const issued = await this.challenges.peek('mfa_ticket', ticket);
    if (!issued?.userId) throw invalidTicket();
    return issued.userId;
  }

  /** Uses the ticket up after a correct second factor; a 401 problem when another request did first. */
  async redeem(ticket: string, userId: string): Promise<void> {
    const issued = await this.challenges.take('mfa_ticket', ticket);
    if (issued?.userId !== userId) throw invalidTicket();
  }
}
