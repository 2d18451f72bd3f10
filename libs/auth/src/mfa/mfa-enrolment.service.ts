// Adding a second factor: an authenticator app (start, then confirm with a code) or a passkey
// (options, then the registration response). An account that already has a factor adds another
// only from a session that used one (aal 2). Once added, the session is raised to aal 2 with
// fresh tokens, the first factor brings recovery codes (shown once), and the usual effects follow.

import { Injectable } from '@nestjs/common';
import type { PublicKeyCredentialCreationOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { AuthService, type SignedIn } from '../auth.service.js';
import type { Principal } from '../principal.js';
import { UsersRepository } from '../users/users.repository.js';
import { mfaCaller, type MfaCaller } from './mfa-caller.js';
import { MfaChangeEffects, type MfaNotice } from './mfa-change-effects.service.js';
import { toPasskeyView, type PasskeyView } from './mfa-views.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecondFactorAttempts } from './second-factor-attempts.service.js';
import { SecondFactorsRepository, type SecondFactors } from './second-factors.repository.js';
import { TotpService, type TotpEnrolment } from './totp.service.js';

/** New tokens for the raised session, and the recovery codes when this was the first factor. */
export type FactorAdded = SignedIn & { recovery_codes?: string[] };

@Injectable()
export class MfaEnrolmentService {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactors: SecondFactorsRepository,
    private readonly totp: TotpService,
    private readonly recoveryCodes: RecoveryCodesService,
    private readonly passkeys: PasskeysService,
    private readonly attempts: SecondFactorAttempts,
    private readonly auth: AuthService,
    private readonly effects: MfaChangeEffects,
  ) {}

  async startTotp(principal: Principal): Promise<TotpEnrolment> {
    const caller = await mfaCaller(this.users, principal);
    await this.assertMayAdd(caller);
    return this.totp.start(caller.user);
  }

  async confirmTotp(principal: Principal, code: string, ip: string): Promise<FactorAdded> {
    const caller = await mfaCaller(this.users, principal);
    const before = await this.assertMayAdd(caller);
    if (!(await this.totp.isPending(caller.user.id))) {
      throw new AppException(
        ErrorCode.Conflict,
        'No authenticator app is waiting for confirmation: start with POST /auth/mfa/totp.',
      );
    }
    await this.attempts.begin(caller.user.id, ip);
    if ((await this.totp.check(caller.user.id, code, 'pending')) !== 'ok') {
      await this.attempts.failed(caller.user.id);
      throw new AppException(ErrorCode.ValidationFailed, 'The code is wrong or was already used.', {
        errors: [{ field: 'code', code: 'wrong', message: fieldSentence('code', 'is wrong or was already used') }],
      });
    }
    return this.factorAdded(principal, caller, before, { change: 'totp_enabled' });
  }

  async passkeyOptions(principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const caller = await mfaCaller(this.users, principal);
    await this.assertMayAdd(caller);
    return this.passkeys.registrationOptions(caller.user);
  }

  async addPasskey(
    principal: Principal,
    response: RegistrationResponseJSON,
    name?: string,
  ): Promise<FactorAdded & { passkey: PasskeyView }> {
    const caller = await mfaCaller(this.users, principal);
    const before = await this.assertMayAdd(caller);
    const passkey = await this.passkeys.register(caller.user.id, response, name);
    const added = await this.factorAdded(principal, caller, before, {
      change: 'passkey_added',
      passkeyName: passkey.name,
    });
    return { passkey: toPasskeyView(passkey), ...added };
  }

  private async assertMayAdd(caller: MfaCaller): Promise<SecondFactors> {
    const factors = await this.secondFactors.summary(caller.user.id);
    if (factors.enabled && caller.aal !== 2) {
      throw new AppException(
        ErrorCode.Forbidden,
        'This account already has a second factor: sign in with it (a session at aal 2) before adding another.',
      );
    }
    return factors;
  }

  private async factorAdded(
    principal: Principal,
    caller: MfaCaller,
    before: SecondFactors,
    notice: MfaNotice,
  ): Promise<FactorAdded> {
    const recoveryCodes = before.enabled ? undefined : await this.recoveryCodes.renew(caller.user.id);
    const signedIn = await this.auth.raiseSession(principal);
    await this.effects.apply(caller, notice);
    return recoveryCodes ? { recovery_codes: recoveryCodes, ...signedIn } : signedIn;
  }
}
