// Signing in with a second factor: the second step after an MFA ticket (a code, a recovery code
// or a passkey assertion) and passwordless sign-in with a passkey. Both end in a session at aal 2.
// A wrong second factor is a 401 that counts against the user's limit; the ticket stays usable
// until it expires or a correct factor uses it up.

import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticationResponseJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { AuthService, type ClientContext, type SignedIn } from '../auth.service.js';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { MfaTicketsService } from './mfa-tickets.service.js';
import { PasskeysService } from './passkeys.service.js';
import { pickProof, SecondFactorVerifier, type ProofCandidate } from './second-factor-verifier.service.js';

export interface PasswordlessOptions {
  challenge_id: string;
  options: PublicKeyCredentialRequestOptionsJSON;
}

const signInRefused = (): AppException =>
  new AppException(ErrorCode.Unauthorized, 'The account cannot sign in; ask an admin.');

@Injectable()
export class MfaSignInService {
  constructor(
    private readonly tickets: MfaTicketsService,
    private readonly verifier: SecondFactorVerifier,
    private readonly passkeys: PasskeysService,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly rateLimiter: RateLimiterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async verify(ticket: string, candidates: readonly ProofCandidate[], client: ClientContext): Promise<SignedIn> {
    const { proof } = pickProof(candidates);
    const userId = await this.tickets.holder(ticket);
    if (!(await this.verifier.verify(userId, client.ip, proof))) {
      throw new AppException(ErrorCode.Unauthorized, 'The second factor is wrong or was already used.');
    }
    await this.tickets.redeem(ticket, userId);
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw signInRefused();
    return this.auth.signInWithSecondFactor(user, client);
  }

  /** Assertion options listing the ticket holder's passkeys; 409 when there are none. */
  async secondFactorOptions(ticket: string, client: ClientContext): Promise<PublicKeyCredentialRequestOptionsJSON> {
    await this.rateLimiter.consume('mfa-ip', client.ip, this.config.rateLimits.authPerIp);
    const userId = await this.tickets.holder(ticket);
    if ((await this.passkeys.list(userId)).length === 0) {
      throw new AppException(ErrorCode.Conflict, 'This account has no passkey; use another second factor.');
    }
    return (await this.passkeys.assertionOptions('second_factor', userId)).options;
  }

  async passwordlessOptions(client: ClientContext): Promise<PasswordlessOptions> {
    await this.rateLimiter.consume('passkey-ip', client.ip, this.config.rateLimits.authPerIp);
    const { challenge, options } = await this.passkeys.assertionOptions('passwordless');
    return { challenge_id: challenge, options };
  }

  async passwordless(
    challengeId: string,
    response: AuthenticationResponseJSON,
    client: ClientContext,
  ): Promise<SignedIn> {
    const { userId } = await this.passkeys.verifyAssertion(response, {
      purpose: 'passwordless',
      challenge: challengeId,
    });
    const user = await this.users.findById(userId);
    if (!user || user.disabled) throw signInRefused();
    await this.users.recordLogin(user.id);
    return this.auth.signInWithSecondFactor(user, client);
  }
}
