// A user's second factors in a few words, for badges: "TOTP", "2 passkeys", or none.
import type { MfaStatus } from '../../data/mfa/mfa-status-query';

export function mfaFactorLabels(status: Pick<MfaStatus, 'totp' | 'passkeys'>): string[] {
  const labels: string[] = [];
  if (status.totp) labels.push('TOTP');
  const passkeys = status.passkeys.length;
  if (passkeys > 0) labels.push(`${passkeys} passkey${passkeys === 1 ? '' : 's'}`);
  return labels;
}
