// Email verification: a link sent after sign-up or on request, and its confirmation, which
// marks the user verified. The link goes to the user's current address only.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { MailService, verifyEmailMessage } from '@stagecraft/mail';
import { DataSource } from 'typeorm';
import { actorClause, actorLabel } from '../event-actor.js';
import type { Principal } from '../principal.js';
import { UsersRepository } from '../users/users.repository.js';
import { emailLink } from './email-links.js';
import { EmailSendLimits } from './email-send-limits.service.js';
import { invalidToken } from './user-token.js';
import { UserTokensRepository } from './user-tokens.repository.js';

@Injectable()
export class EmailVerificationService {
  private readonly logger = new Logger(EmailVerificationService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: UserTokensRepository,
    private readonly limits: EmailSendLimits,
    private readonly mail: MailService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The signed-in user asks for a (new) link; refused for API keys and verified users. */
  async request(principal: Principal, client: { ip: string }): Promise<void> {
    if (principal.kind !== 'user') {
      throw new AppException(ErrorCode.Forbidden, 'This endpoint is for signed-in users, not API keys.');
    }
    await this.limits.countRequest(client.ip);
    const user = await this.users.findById(principal.id);
    if (!user) throw new AppException(ErrorCode.Unauthorized, 'The account no longer exists.');
    if (user.verified) throw new AppException(ErrorCode.Conflict, 'The email address is already verified.');
    await this.limits.countMessage(user.email);
    await this.send(user);
  }

  /** After sign-up. The account exists either way: a queue outage is logged, not thrown. */
  async sendAfterSignUp(user: { id: string; email: string; verified: boolean }): Promise<void> {
    if (user.verified) return;
    try {
      await this.send(user);
    } catch (error) {
      this.logger.warn(
        `Verification email for user ${user.id} not queued: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Uses the token up and marks its user verified; a 400 problem for any bad token. */
  async confirm(token: string): Promise<void> {
    const verified = await this.dataSource.transaction(async (manager) => {
      const holder = await this.tokens.consume(token, 'verify_email', manager);
      if (!holder) return false;
      // The token holder changes their own account: the event names them.
      const params: unknown[] = [holder.userId];
      const actor = actorClause(actorLabel({ kind: 'user', id: holder.userId }), params);
      await manager.query(
        `${actor.with} UPDATE data.users SET verified = true, version = version + 1, updated_at = now()
          WHERE id = $1 AND NOT verified AND ${actor.guard}`,
        params,
      );
      return true;
    });
    if (!verified) throw invalidToken();
  }

  private async send(user: { id: string; email: string }): Promise<void> {
    const token = await this.tokens.issue(user, 'verify_email');
    const link = emailLink(this.config.publicUrl, 'verify-email', token);
    await this.mail.send(verifyEmailMessage({ to: user.email, link, ttlSeconds: this.config.mail.tokenTtlSeconds }));
  }
}
