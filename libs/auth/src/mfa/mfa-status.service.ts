// A user's MFA status, for the user (/auth/mfa) and for admins (/users/{id}/mfa): the same view,
// status only.

import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import type { Principal } from '../principal.js';
import { AuthSettingsService } from '../settings/auth-settings.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { PasskeysService } from './passkeys.service.js';
import { SecondFactorsRepository } from './second-factors.repository.js';
import { toPasskeyView, type MfaStatus } from './mfa-views.js';

@Injectable()
export class MfaStatusService {
  constructor(
    private readonly users: UsersRepository,
    private readonly secondFactors: SecondFactorsRepository,
    private readonly passkeys: PasskeysService,
    private readonly settings: AuthSettingsService,
  ) {}

  /** The caller's own status; 403 for API keys. */
  async own(principal: Principal): Promise<MfaStatus> {
    if (principal.kind !== 'user') {
      throw new AppException(ErrorCode.Forbidden, 'This endpoint is for signed-in users, not API keys.');
    }
    return this.forUser(principal.id);
  }

  /** 404 when no user has this id. */
  async forUser(userId: string): Promise<MfaStatus> {
    const user = await this.users.findById(userId);
    if (!user) throw new AppException(ErrorCode.NotFound, `No user has the id ${userId}.`);
    const [factors, passkeys, settings] = await Promise.all([
      this.secondFactors.summary(user.id),
      this.passkeys.list(user.id),
      this.settings.get(),
    ]);
    return {
      enabled: factors.enabled,
      required: settings.mfaRequiredRoles.includes(user.role),
      totp: factors.totp,
      passkeys: passkeys.map(toPasskeyView),
      recovery_codes_left: factors.recoveryCodesLeft,
    };
  }
}
