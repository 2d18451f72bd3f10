// What follows every change to a user's second factors: the user's other sessions are signed out
// (one of them may be an attacker's) and the owner gets an email saying what changed. A mail
// queue outage is logged, not thrown: the change itself is done.

import { Injectable, Logger } from '@nestjs/common';
import { MailService, mfaChangedMessage, type MfaChange } from '@stagecraft/mail';
import { SessionsService } from '../sessions/sessions.service.js';
import type { MfaCaller } from './mfa-caller.js';

export interface MfaNotice {
  readonly change: MfaChange;
  readonly passkeyName?: string;
}

@Injectable()
export class MfaChangeEffects {
  private readonly logger = new Logger(MfaChangeEffects.name);

  constructor(
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
  ) {}

  async apply(caller: MfaCaller, notice: MfaNotice): Promise<void> {
    await this.sessions.revokeAllForUser(caller.user.id, 'mfa_changed', caller.sessionId);
    try {
      await this.mail.send(mfaChangedMessage({ to: caller.user.email, ...notice, at: new Date() }));
    } catch (error) {
      this.logger.warn(
        `MFA change notice (${notice.change}) for user ${caller.user.id} not queued: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
