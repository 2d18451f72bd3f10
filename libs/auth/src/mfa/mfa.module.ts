// Second factors for the API: authenticator apps, recovery codes and passkeys — enrolment,
// changes, the second sign-in step and passwordless passkey sign-in — with the notice emails
// queued through MailModule. The pieces sign-in itself needs (factor lookup, MFA tickets) live in
// AuthModule, so AuthService can ask for a second factor without depending on this module.

import { Module } from '@nestjs/common';
import { MailModule } from '@stagecraft/mail';
import { AuthModule } from '../auth.module.js';
import { MfaChangeEffects } from './mfa-change-effects.service.js';
import { MfaChangesService } from './mfa-changes.service.js';
import { MfaEnrolmentService } from './mfa-enrolment.service.js';
import { MfaSignInService } from './mfa-sign-in.service.js';
import { MfaStatusService } from './mfa-status.service.js';
import { PasskeysRepository } from './passkeys.repository.js';
import { PasskeysService } from './passkeys.service.js';
import { RecoveryCodesRepository } from './recovery-codes.repository.js';
import { RecoveryCodesService } from './recovery-codes.service.js';
import { SecondFactorAttempts } from './second-factor-attempts.service.js';
import { SecondFactorVerifier } from './second-factor-verifier.service.js';
import { TotpRepository } from './totp.repository.js';
import { TotpService } from './totp.service.js';

const useCases = [MfaEnrolmentService, MfaChangesService, MfaSignInService, MfaStatusService];

@Module({
  imports: [AuthModule, MailModule],
  providers: [
    TotpRepository,
    RecoveryCodesRepository,
    PasskeysRepository,
    TotpService,
    RecoveryCodesService,
    PasskeysService,
    SecondFactorAttempts,
    SecondFactorVerifier,
    MfaChangeEffects,
    ...useCases,
  ],
  exports: useCases,
})
export class MfaModule {}
