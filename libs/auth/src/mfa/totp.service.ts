// The authenticator-app factor: starting an enrolment (a new secret, its otpauth:// URI and a QR
// code), checking codes against the pending or the confirmed secret, and removing it. Secrets
// are encrypted at rest; each accepted code claims its time step, so no code works twice.

import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { openSecretBox, type SecretBox } from '@stagecraft/database';
import { DataSource } from 'typeorm';
import { newTotpSecret, totpStepOf, totpUri } from './totp-codes.js';
import { TotpRepository } from './totp.repository.js';

export const TOTP_ISSUER = 'Stagecraft';

export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
  /** A PNG data URL of the URI as a QR code. */
  qr_code: string;
}

/** ok: the code matched and its step was unused; wrong: it did not; absent: no such secret. */
export type TotpCheck = 'ok' | 'wrong' | 'absent';

@Injectable()
export class TotpService implements OnModuleInit {
  private box: SecretBox | undefined;

  constructor(
    private readonly totp: TotpRepository,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.box = await openSecretBox(this.config, this.dataSource);
  }

  /** A new pending secret (replacing a pending one); 409 while a confirmed one exists. */
  async start(user: { id: string; email: string }): Promise<TotpEnrolment> {
    const secret = newTotpSecret();
    if (!(await this.totp.savePending(user.id, this.secretBox.encrypt(secret)))) {
      throw new AppException(
        ErrorCode.Conflict,
        'An authenticator app is already set up; remove it first (DELETE /auth/mfa/totp) to set up another.',
      );
    }
    const uri = totpUri(secret, { issuer: TOTP_ISSUER, label: user.email });
    // qrcode (and its PNG encoder) load with the first enrolment, not with every process.
    const { default: QRCode } = await import('qrcode');
    const qrCode = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    return { secret, otpauth_uri: uri, qr_code: qrCode };
  }

  /** Checks a code against the pending secret (confirming it) or the confirmed one. */
  async check(userId: string, code: string, which: 'pending' | 'confirmed'): Promise<TotpCheck> {
    const stored = await this.totp.find(userId);
    if (!stored || stored.confirmed !== (which === 'confirmed')) return 'absent';
    const step = totpStepOf(this.secretBox.decrypt(stored.secret), code);
    if (step === undefined) return 'wrong';
    return (await this.totp.claimStep(userId, stored.secret, step)) ? 'ok' : 'wrong';
  }

  async isPending(userId: string): Promise<boolean> {
    const stored = await this.totp.find(userId);
    return stored !== undefined && !stored.confirmed;
  }

  remove(userId: string): Promise<boolean> {
    return this.totp.delete(userId);
  }

  private get secretBox(): SecretBox {
    if (!this.box) throw new Error('TotpService used before initialisation');
    return this.box;
  }
}
