// The sign-in use cases: register, log in, refresh, log out, change password, first-admin
// setup. Each validates its own input rules, so the API and the CLI share the same checks.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { DataSource } from 'typeorm';
import { actorLabel } from './event-actor.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords/password-hasher.js';
import { assertPassword } from './passwords/password-policy.js';
import type { Principal } from './principal.js';
import { RateLimiterService } from './rate-limit/rate-limiter.service.js';
import { SessionsService, type SessionMeta } from './sessions/sessions.service.js';
import { AccessTokensService } from './tokens/access-tokens.service.js';
import { createAccount, type NewAccount } from './users/create-user.js';
import { normalizeEmail, toPublicUser, type PublicUser, type UserRow } from './users/user.js';
import { UsersRepository } from './users/users.repository.js';

export interface TokenPair {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
}

export interface SignedIn extends TokenPair {
  user: PublicUser;
}

export interface ClientContext extends SessionMeta {
  ip: string;
}

// Serialises first-admin setup so two concurrent calls cannot both succeed.
const SETUP_LOCK_KEY = 0x5c_af_7a_02;

const wrongCredentials = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The email or password is wrong.');

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokensService,
    private readonly rateLimiter: RateLimiterService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: { email: string; password: string }, client: ClientContext): Promise<SignedIn> {
    if (!this.config.auth.registrationEnabled) {
      throw new AppException(
        ErrorCode.Forbidden,
        'Registration is switched off on this instance; ask an admin for an account.',
      );
    }
    await this.rateLimiter.consume('register-ip', client.ip, this.config.rateLimits.authPerIp);
    const user = await this.createUser({ ...input, role: 'user', actor: actorLabel(undefined) });
    return this.signIn(user, client);
  }

  async login(input: { email: string; password: string }, client: ClientContext): Promise<SignedIn> {
    const { authPerIp, authPerAccount } = this.config.rateLimits;
    const email = normalizeEmail(input.email);
    await this.rateLimiter.consume('login-ip', client.ip, authPerIp);
    await this.rateLimiter.assertBelow('login-account', email, authPerAccount);

    const user = await this.users.findByEmail(email);
    // An account without a password (created through a provider) fails like a wrong one.
    const valid = user?.password_hash
      ? await verifyPassword(user.password_hash, input.password)
      : await verifyAgainstDummy(input.password);
    if (!user?.password_hash || !valid || user.disabled) {
      await this.rateLimiter.consume('login-account', email, Number.MAX_SAFE_INTEGER);
      throw wrongCredentials();
    }
    await this.rateLimiter.reset('login-account', email);
    await this.users.recordLogin(
      user.id,
      needsRehash(user.password_hash) ? await hashPassword(input.password) : undefined,
    );
    return this.signIn(user, client);
  }

  async refresh(refreshToken: string, client: ClientContext): Promise<TokenPair> {
    await this.rateLimiter.consume('refresh-ip', client.ip, this.config.rateLimits.authPerIp);
    const rotated = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(rotated.userId);
    if (!user || user.disabled) {
      await this.sessions.revoke(rotated.sessionId, 'disabled');
      throw new AppException(ErrorCode.Unauthorized, 'The refresh token is not valid; sign in again.');
    }
    return this.tokenPair(user, rotated.sessionId, rotated.refreshToken);
  }

  async logout(principal: Principal): Promise<void> {
    if (principal.sessionId) await this.sessions.revoke(principal.sessionId, 'logout');
  }

  async logoutAll(principal: Principal): Promise<number> {
    return this.sessions.revokeAllForUser(this.userIdOf(principal), 'logout_all');
  }

  async me(principal: Principal): Promise<PublicUser> {
    const user = await this.users.findById(this.userIdOf(principal));
    if (!user) throw new AppException(ErrorCode.Unauthorized, 'The account no longer exists.');
    return toPublicUser(user);
  }

  async updateMe(principal: Principal, changes: { email?: string }): Promise<PublicUser> {
    const user = await this.users.update(
      this.userIdOf(principal),
      { email: changes.email === undefined ? undefined : normalizeEmail(changes.email) },
      actorLabel(principal),
    );
    if (!user) throw new AppException(ErrorCode.Unauthorized, 'The account no longer exists.');
    return toPublicUser(user);
  }

  /**
   * Needs the current password, unless the account has none yet (it was created through a
   * provider); signs out every other session of the user.
   */
  async changePassword(principal: Principal, input: { currentPassword?: string; newPassword: string }): Promise<number> {
    const user = await this.users.findById(this.userIdOf(principal));
    const currentMatches =
      user?.password_hash === null ||
      (user !== undefined && input.currentPassword !== undefined && (await verifyPassword(user.password_hash, input.currentPassword)));
    if (!user || !currentMatches) {
      throw new AppException(ErrorCode.ValidationFailed, 'The current password is wrong.', {
        errors: [{ field: 'current_password', code: 'wrong', message: 'current_password is wrong' }],
      });
    }
    assertPassword(
      input.newPassword,
      { minLength: this.config.auth.passwordMinLength, email: user.email },
      'new_password',
    );
    await this.users.update(user.id, { passwordHash: await hashPassword(input.newPassword) }, actorLabel(principal));
    return this.sessions.revokeAllForUser(user.id, 'password_changed', principal.sessionId);
  }

  async needsSetup(): Promise<boolean> {
    return !(await this.users.adminExists());
  }

  /** Creates the first admin; refused once any admin exists. */
  async setupFirstAdmin(input: { email: string; password: string }, client: ClientContext): Promise<SignedIn> {
    await this.rateLimiter.consume('setup-ip', client.ip, this.config.rateLimits.authPerIp);
    const admin = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [SETUP_LOCK_KEY]);
      if (await this.users.adminExists(manager)) {
        throw new AppException(ErrorCode.Conflict, 'Setup is already done: an admin exists. Sign in instead.');
      }
      const account = { ...input, role: 'admin' as const, verified: true, actor: actorLabel(undefined) };
      return createAccount(this.users, account, this.config.auth.passwordMinLength, manager);
    });
    return this.signIn(admin, client);
  }

  /** Creates an account after checking the password policy (sign-up and the admin API). */
  createUser(account: NewAccount): Promise<UserRow> {
    return createAccount(this.users, account, this.config.auth.passwordMinLength);
  }

  private async signIn(user: UserRow, client: ClientContext): Promise<SignedIn> {
    const session = await this.sessions.start(user.id, client);
    const tokens = await this.tokenPair(user, session.sessionId, session.refreshToken);
    return { ...tokens, user: toPublicUser(user) };
  }

  private async tokenPair(user: UserRow, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const accessToken = await this.accessTokens.issue({ sub: user.id, sid: sessionId, role: user.role });
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: this.accessTokens.ttlSeconds,
      refresh_token: refreshToken,
    };
  }

  private userIdOf(principal: Principal): string {
    if (principal.kind !== 'user') {
      throw new AppException(ErrorCode.Forbidden, 'This endpoint is for signed-in users, not API keys.');
    }
    return principal.id;
  }
}
