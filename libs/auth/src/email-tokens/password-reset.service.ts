// Password reset: a link asked for by anyone (the answer never says whether the account
// exists) or sent by an admin, and its use, which sets the new password and signs the user
// out everywhere. A weak password is refused before the token is used up.

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { MailService, resetPasswordMessage } from '@stagecraft/mail';
import { DataSource } from 'typeorm';
import { actorClause, actorLabel } from '../event-actor.js';
import { hashPassword } from '../passwords/password-hasher.js';
import { assertPassword } from '../passwords/password-policy.js';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { normalizeEmail, type UserRow } from '../users/user.js';
import { UsersRepository } from '../users/users.repository.js';
import { emailLink } from './email-links.js';
import { EmailSendLimits } from './email-send-limits.service.js';
import { invalidToken } from './user-token.js';
import { UserTokensRepository } from './user-tokens.repository.js';

@Injectable()
export class PasswordResetService implements OnModuleDestroy {
  private readonly logger = new Logger(PasswordResetService.name);
  // Links being sent after the answer went out; awaited on shutdown.
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: UserTokensRepository,
    private readonly limits: EmailSendLimits,
    private readonly rateLimiter: RateLimiterService,
    private readonly sessions: SessionsService,
    private readonly mail: MailService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Anyone may ask; only the per-IP limit is visible (a 429). An unknown, disabled or
   * over-limit address gets nothing, and the link is sent after the answer, so neither the
   * response nor its timing tells whether the account exists.
   */
  async request(email: string, client: { ip: string }): Promise<void> {
    await this.limits.countRequest(client.ip);
    const user = await this.users.findByEmail(normalizeEmail(email));
    if (!user || user.disabled) return;
    const sending = this.sendQuietly(user).finally(() => this.pending.delete(sending));
    this.pending.add(sending);
  }

  /** An admin sends a reset link to a user (the console's "send reset link"). */
  async requestForUser(userId: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException(ErrorCode.NotFound, `No user has the id ${userId}.`);
    if (user.disabled) {
      throw new AppException(
        ErrorCode.Conflict,
        'The user is disabled; enable the account before sending a reset link.',
      );
    }
    await this.limits.countMessage(user.email);
    await this.send(user);
  }

  /**
   * Sets the new password with a live token, marks the address verified (the link proved
   * it) and signs out every session.
   */
  async reset(token: string, password: string): Promise<void> {
    const holder = await this.tokens.peek(token, 'reset_password');
    if (!holder) throw invalidToken();
    assertPassword(password, { minLength: this.config.auth.passwordMinLength, email: holder.email });
    const passwordHash = await hashPassword(password);
    const userId = await this.dataSource.transaction(async (manager) => {
      const consumed = await this.tokens.consume(token, 'reset_password', manager);
      if (!consumed) return undefined;
      // The token holder changes their own account: the event names them.
      const params: unknown[] = [consumed.userId, passwordHash];
      const actor = actorClause(actorLabel({ kind: 'user', id: consumed.userId }), params);
      await manager.query(
        `${actor.with} UPDATE data.users
            SET password_hash = $2, verified = true, version = version + 1, updated_at = now()
          WHERE id = $1 AND ${actor.guard}`,
        params,
      );
      return consumed.userId;
    });
    if (userId === undefined) throw invalidToken(); // used by a concurrent reset in between
    // A lockout from the forgotten password's failed sign-ins must not block the new one.
    await this.rateLimiter.reset('login-account', holder.email);
    await this.sessions.revokeAllForUser(userId, 'password_changed');
  }

  /** Resolves once every link asked for so far is queued or dropped (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  onModuleDestroy(): Promise<void> {
    return this.settled();
  }

  private async sendQuietly(user: UserRow): Promise<void> {
    try {
      if (!(await this.limits.tryCountMessage(user.email))) {
        this.logger.log(`Password reset for user ${user.id} not sent: the address is over its rate limit`);
        return;
      }
      await this.send(user);
    } catch (error) {
      this.logger.warn(
        `Password reset for user ${user.id} not sent: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async send(user: { id: string; email: string }): Promise<void> {
    const token = await this.tokens.issue(user, 'reset_password');
    const link = emailLink(this.config.publicUrl, 'reset-password', token);
    await this.mail.send(resetPasswordMessage({ to: user.email, link, ttlSeconds: this.config.mail.tokenTtlSeconds }));
  }
}
