// Time-based one-time passwords as authenticator apps compute them (RFC 6238: SHA-1, 6 digits,
// 30-second steps), checked one step either side for clock drift. Pure: no storage, no clock
// but the one passed in, so replay protection (the step) is left to the caller.

import { Secret, TOTP } from 'otpauth';

const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
/** Steps accepted either side of now: a code from the previous or next 30 s still works. */
const WINDOW = 1;
const SECRET_BYTES = 20;

/** A new random secret, base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secret: string, account: { issuer: string; label: string }): string {
  return totp(secret, account).toString();
}

/** The time step the code belongs to, or undefined when it matches none within the window. */
export function totpStepOf(secret: string, code: string, now = Date.now()): number | undefined {
  const token = code.replace(/\s/g, '');
  if (!new RegExp(`^\\d{${DIGITS}}$`).test(token)) return undefined;
  const delta = totp(secret).validate({ token, timestamp: now, window: WINDOW });
  if (delta === null) return undefined;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp: now }) + delta;
}

function totp(secret: string, account: { issuer?: string; label?: string } = {}): TOTP {
  return new TOTP({
    ...account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  });
}
