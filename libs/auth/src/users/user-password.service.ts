// An admin sets another user's password: the policy applies as at sign-up, every session of
// the user ends, and a lockout from failed sign-ins is lifted so the new password works at once.
// Admins change their own password through /auth/password, which asks for the current one.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { actorLabel } from '../event-actor.js';
import { hashPassword } from '../passwords/password-hasher.js';
import { assertPassword } from '../passwords/password-policy.js';
import type { Principal } from '../principal.js';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';
import { SessionsService } from '../sessions/sessions.service.js';
import { UsersRepository } from './users.repository.js';

@Injectable()
export class UserPasswordService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly rateLimiter: RateLimiterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sets the password of user `id`; answers how many sessions were signed out. */
  async set(id: string, password: string, actor: Principal): Promise<{ revoked_sessions: number }> {
    if (actor.kind === 'user' && actor.id.toLowerCase() === id.toLowerCase()) {
      throw new AppException(
        ErrorCode.Conflict,
        'Admins change their own password on their account page, which asks for the current one.',
      );
    }
    const user = await this.users.findById(id);
    if (!user) throw new AppException(ErrorCode.NotFound, `No user has the id ${id}.`);
    assertPassword(password, { minLength: this.config.auth.passwordMinLength, email: user.email });
    const changed = await this.users.update(id, { passwordHash: await hashPassword(password) }, actorLabel(actor));
    if (!changed) throw new AppException(ErrorCode.NotFound, `No user has the id ${id}.`);
    await this.rateLimiter.reset('login-account', user.email);
    return { revoked_sessions: await this.sessions.revokeAllForUser(id, 'password_changed') };
  }
}
