// The sign-in use cases: register, log in, refresh, log out, change password, first-admin
// setup. Each validates its own input rules, so the API and the CLI share the same checks.
// Every first factor (password here, a provider in the OAuth exchange) ends in
// completeFirstFactor, which asks for the second factor when the account has one.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { DataSource } from 'typeorm';
import { actorLabel } from './event-actor.js';
import { hashPassword, needsRehash, verifyAgainstDummy, verifyPassword } from './passwords/password-hasher.js';
import { assertPassword } from './passwords/password-policy.js';
import { MfaTicketsService, type MfaRequired } from './mfa/mfa-tickets.service.js';
import { SecondFactorsRepository } from './mfa/second-factors.repository.js';
import type { AssuranceLevel, Principal } from './principal.js';
import { RateLimiterService } from './rate-limit/rate-limiter.service.js';
import { SessionsService, type SessionMeta } from './sessions/sessions.service.js';
import { AuthSettingsService } from './settings/auth-settings.service.js';
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
  /** The user's role must use a second factor and none is set up: only enrolment routes work. */
  mfa_enrollment_required?: true;
}

/** What a session's tokens say about it beyond who it is. */
interface SessionAssurance {
  readonly aal: AssuranceLevel;
  /** The role requires MFA and the user has no factor yet. */
  readonly mustEnrol: boolean;
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
    private readonly secondFactors: SecondFactorsRepository,
    private readonly mfaTickets: MfaTicketsService,
    private readonly settings: AuthSettingsService,
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
    return this.signInWithoutSecondFactor(user, client);
  }

  async login(input: { email: string; password: string }, client: ClientContext): Promise<SignedIn | MfaRequired> {
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
    return this.completeFirstFactor(user, client);
  }

  /**
   * After a correct first factor: an MFA ticket when the account has a second factor, else a
   * session at aal 1 (marked for enrolment when the user's role must use MFA).
   */
  async completeFirstFactor(user: UserRow, client: ClientContext): Promise<SignedIn | MfaRequired> {
    if (user.disabled) throw new AppException(ErrorCode.Unauthorized, 'The account is disabled; ask an admin.');
    const factors = await this.secondFactors.summary(user.id);
    if (factors.enabled) return this.mfaTickets.issue(user.id, factors.methods);
    return this.signIn(user, client, { aal: 1, mustEnrol: await this.roleRequiresMfa(user) });
  }

  /** A new session at aal 2: the user just passed a second factor, or a passkey with user verification. */
  signInWithSecondFactor(user: UserRow, client: ClientContext): Promise<SignedIn> {
    return this.signIn(user, client, { aal: 2, mustEnrol: false });
  }

  /** Raises the caller's session to aal 2 (a second factor was verified in it) and answers fresh tokens. */
  async raiseSession(principal: Principal): Promise<SignedIn> {
    const user = await this.users.findById(this.userIdOf(principal));
    const session = principal.sessionId ? await this.sessions.raiseToSecondFactor(principal.sessionId) : undefined;
    if (!user || user.disabled || !session) {
      throw new AppException(ErrorCode.Unauthorized, 'The session has ended; sign in again.');
    }
    const tokens = await this.tokenPair(user, session.sessionId, session.refreshToken, { aal: 2, mustEnrol: false });
    return { ...tokens, user: toPublicUser(user) };
  }

  async refresh(refreshToken: string, client: ClientContext): Promise<TokenPair> {
    await this.rateLimiter.consume('refresh-ip', client.ip, this.config.rateLimits.authPerIp);
    const rotated = await this.sessions.rotate(refreshToken);
    const user = await this.users.findById(rotated.userId);
    if (!user || user.disabled) {
      await this.sessions.revoke(rotated.sessionId, 'disabled');
      throw new AppException(ErrorCode.Unauthorized, 'The refresh token is not valid; sign in again.');
    }
    // The session keeps its level; an aal-1 session learns here of a role that now requires MFA.
    const mustEnrol = rotated.aal === 1 && (await this.mfaEnrolmentPending(user));
    return this.tokenPair(user, rotated.sessionId, rotated.refreshToken, { aal: rotated.aal, mustEnrol });
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
  async changePassword(
    principal: Principal,
    input: { currentPassword?: string; newPassword: string },
  ): Promise<number> {
    const user = await this.users.findById(this.userIdOf(principal));
    const currentMatches =
      user?.password_hash === null ||
      (user !== undefined &&
        input.currentPassword !== undefined &&
        (await verifyPassword(user.password_hash, input.currentPassword)));
    if (!user || !currentMatches) {
      throw new AppException(ErrorCode.ValidationFailed, 'The current password is wrong.', {
        errors: [{ field: 'current_password', code: 'wrong', message: fieldSentence('current_password', 'is wrong') }],
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
    return this.signInWithoutSecondFactor(admin, client);
  }

  /** Creates an account after checking the password policy (sign-up and the admin API). */
  createUser(account: NewAccount): Promise<UserRow> {
    return createAccount(this.users, account, this.config.auth.passwordMinLength);
  }

  /** A brand-new account has no second factor yet. */
  private async signInWithoutSecondFactor(user: UserRow, client: ClientContext): Promise<SignedIn> {
    return this.signIn(user, client, { aal: 1, mustEnrol: await this.roleRequiresMfa(user) });
  }

  private async signIn(user: UserRow, client: ClientContext, assurance: SessionAssurance): Promise<SignedIn> {
    const session = await this.sessions.start(user.id, client, assurance.aal);
    const tokens = await this.tokenPair(user, session.sessionId, session.refreshToken, assurance);
    const signedIn: SignedIn = { ...tokens, user: toPublicUser(user) };
    return assurance.mustEnrol ? { ...signedIn, mfa_enrollment_required: true } : signedIn;
  }

  private async roleRequiresMfa(user: UserRow): Promise<boolean> {
    return (await this.settings.get()).mfaRequiredRoles.includes(user.role);
  }

  private async mfaEnrolmentPending(user: UserRow): Promise<boolean> {
    return (await this.roleRequiresMfa(user)) && !(await this.secondFactors.summary(user.id)).enabled;
  }

  private async tokenPair(
    user: UserRow,
    sessionId: string,
    refreshToken: string,
    assurance: SessionAssurance,
  ): Promise<TokenPair> {
    const accessToken = await this.accessTokens.issue({
      sub: user.id,
      sid: sessionId,
      role: user.role,
      aal: assurance.aal,
      ...(assurance.mustEnrol ? { mfa_enrol: true as const } : {}),
    });
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
