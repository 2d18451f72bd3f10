// Checks one second factor for a user — an authenticator-app code, a recovery code or a passkey
// assertion — under the brute-force limits; the second sign-in step and the changes that need a
// fresh second factor both go through it, so every attempt anywhere counts.

import { Injectable } from '@nestjs/common';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { AppException, ErrorCode, asSentence } from '@stagecraft/core';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecondFactorAttempts } from './second-factor-attempts.service.js';
import { TotpService } from './totp.service.js';

export type SecondFactorProof =
  | { readonly method: 'totp'; readonly code: string }
  | { readonly method: 'recovery_code'; readonly code: string }
  | { readonly method: 'webauthn'; readonly response: AuthenticationResponseJSON };

/** A body's optional proof fields, by the name the client used for each. */
export interface ProofCandidate {
  readonly field: string;
  readonly proof: SecondFactorProof | undefined;
}

/** The one proof among the candidates; a 400 problem naming the fields for none or several. */
export function pickProof(candidates: readonly ProofCandidate[]): { field: string; proof: SecondFactorProof } {
  const given = candidates.filter((candidate) => candidate.proof !== undefined);
  const only = given.length === 1 ? given[0] : undefined;
  if (only?.proof) return { field: only.field, proof: only.proof };
  const names = candidates.map((candidate) => candidate.field).join(', ');
  const reason = given.length === 0 ? `one of ${names} is required` : `send only one of ${names}`;
  const message = asSentence(reason);
  throw new AppException(ErrorCode.ValidationFailed, `A second factor is needed: ${reason}.`, {
    errors: (given.length === 0 ? candidates : given).map(({ field }) => ({ field, code: 'second_factor', message })),
  });
}

@Injectable()
export class SecondFactorVerifier {
  constructor(
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly attempts: SecondFactorAttempts,
  ) {}

  /** True when the proof is good (and now used up); false counts against the user. 429 past the limit. */
  async verify(userId: string, ip: string, proof: SecondFactorProof): Promise<boolean> {
    await this.attempts.begin(userId, ip);
    let good: boolean;
    try {
      good = await this.check(userId, proof);
    } catch (error) {
      // A refused passkey (a cloned counter) is a failed attempt too, and keeps its own answer.
      await this.attempts.failed(userId);
      throw error;
    }
    if (!good) await this.attempts.failed(userId);
    return good;
  }

  private async check(userId: string, proof: SecondFactorProof): Promise<boolean> {
    switch (proof.method) {
      case 'totp':
        return (await this.totp.check(userId, proof.code, 'confirmed')) === 'ok';
      case 'recovery_code':
        return this.recoveryCodes.redeem(userId, proof.code);
      case 'webauthn':
        try {
          await this.passkeys.verifyAssertion(proof.response, { purpose: 'second_factor', userId });
          return true;
        } catch (error) {
          if (error instanceof AppException && error.code === ErrorCode.Unauthorized) return false;
          throw error;
        }
    }
  }
}
