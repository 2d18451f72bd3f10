// What second factors a user has, in one query over the three factor tables: sign-in asks it to
// decide between a session and an MFA ticket, the status endpoints to describe the account.

import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type MfaMethod = 'totp' | 'webauthn' | 'recovery_code';

export interface SecondFactors {
  /** A confirmed authenticator app (a pending enrolment does not count). */
  readonly totp: boolean;
  readonly passkeys: number;
  readonly recoveryCodesLeft: number;
  /** True when at least one factor is active: sign-in then asks for it. */
  readonly enabled: boolean;
  /** What the second step accepts, in the order clients should offer them. */
  readonly methods: readonly MfaMethod[];
}

interface SummaryRow {
  totp: boolean;
  passkeys: number;
  recovery_codes_left: number;
}

@Injectable()
export class SecondFactorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async summary(userId: string, manager: EntityManager = this.dataSource.manager): Promise<SecondFactors> {
    const rows: SummaryRow[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM stagecraft.mfa_totp WHERE user_id = $1 AND confirmed_at IS NOT NULL) AS totp,
              (SELECT count(*) FROM stagecraft.webauthn_credentials WHERE user_id = $1)::int AS passkeys,
              (SELECT count(*) FROM stagecraft.mfa_recovery_codes WHERE user_id = $1 AND used_at IS NULL)::int
                AS recovery_codes_left`,
      [userId],
    );
    const row = rows[0] ?? { totp: false, passkeys: 0, recovery_codes_left: 0 };
    const enabled = row.totp || row.passkeys > 0;
    const methods: MfaMethod[] = [];
    if (row.totp) methods.push('totp');
    if (row.passkeys > 0) methods.push('webauthn');
    if (enabled && row.recovery_codes_left > 0) methods.push('recovery_code');
    return { totp: row.totp, passkeys: row.passkeys, recoveryCodesLeft: row.recovery_codes_left, enabled, methods };
  }
}
