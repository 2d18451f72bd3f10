// Changes that weaken or reset an account's second factors: removing the authenticator app or a
// passkey, and renewing recovery codes. Each needs proof of a second factor now (a current code or
// a recovery code; renewing codes also accepts a session at aal 2), so a stolen session alone
// cannot switch MFA off. Removing the last factor drops the recovery codes with it.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import type { Principal } from '../principal.js';
import { UsersRepository } from '../users/users.repository.js';
import { mfaCaller, type MfaCaller } from './mfa-caller.js';
import { MfaChangeEffects, type MfaNotice } from './mfa-change-effects.service.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { pickProof, SecondFactorVerifier, type ProofCandidate } from './second-factor-verifier.service.js';
import { SecondFactorsRepository } from './second-factors.repository.js';
import { TotpService } from './totp.service.js';

@Injectable()
export class MfaChangesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactors: SecondFactorsRepository,
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly verifier: SecondFactorVerifier,
    private readonly effects: MfaChangeEffects,
  ) {}

  async disableTotp(principal: Principal, proof: readonly ProofCandidate[], ip: string): Promise<void> {
    const caller = await mfaCaller(this.users, principal);
    if (!(await this.secondFactors.summary(caller.user.id)).totp) {
      // An enrolment never confirmed protected nothing: it goes without proof.
      if (await this.totp.remove(caller.user.id)) return;
      throw new AppException(ErrorCode.NotFound, 'No authenticator app is set up for this account.');
    }
    await this.prove(caller, proof, ip);
    await this.totp.remove(caller.user.id);
    await this.afterRemoval(caller, { change: 'totp_disabled' });
  }

  async removePasskey(
    principal: Principal,
    passkeyId: string,
    proof: readonly ProofCandidate[],
    ip: string,
  ): Promise<void> {
    const caller = await mfaCaller(this.users, principal);
    const passkey = await this.passkeys.find(caller.user.id, passkeyId);
    if (!passkey) throw new AppException(ErrorCode.NotFound, 'This account has no passkey with this id.');
    await this.prove(caller, proof, ip);
    if (!(await this.passkeys.remove(caller.user.id, passkey.id))) {
      throw new AppException(ErrorCode.NotFound, 'This account has no passkey with this id.');
    }
    await this.afterRemoval(caller, { change: 'passkey_removed', passkeyName: passkey.name });
  }

  /** A new set of recovery codes; the old ones stop working. */
  async renewRecoveryCodes(principal: Principal, proof: readonly ProofCandidate[], ip: string): Promise<string[]> {
    const caller = await mfaCaller(this.users, principal);
    if (!(await this.secondFactors.summary(caller.user.id)).enabled) {
      throw new AppException(ErrorCode.Conflict, 'Recovery codes come with a second factor: set one up first.');
    }
    const proofGiven = proof.some((candidate) => candidate.proof !== undefined);
    if (proofGiven || caller.aal !== 2) await this.prove(caller, proof, ip);
    const codes = await this.recoveryCodes.renew(caller.user.id);
    await this.effects.apply(caller, { change: 'recovery_codes_renewed' });
    return codes;
  }

  private async prove(caller: MfaCaller, candidates: readonly ProofCandidate[], ip: string): Promise<void> {
    const { field, proof } = pickProof(candidates);
    if (!(await this.verifier.verify(caller.user.id, ip, proof))) {
      throw new AppException(ErrorCode.ValidationFailed, `The ${field} is wrong or was already used.`, {
        errors: [{ field, code: 'wrong', message: fieldSentence(field, 'is wrong or was already used') }],
      });
    }
  }

  private async afterRemoval(caller: MfaCaller, notice: MfaNotice): Promise<void> {
    if (!(await this.secondFactors.summary(caller.user.id)).enabled) {
      await this.recoveryCodes.removeAll(caller.user.id);
    }
    await this.effects.apply(caller, notice);
  }
}
