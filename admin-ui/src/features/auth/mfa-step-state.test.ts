// The second step: which factor it starts with, what a typed answer becomes, when the ticket ends.
import { describe, expect, it } from 'vitest';
import {
  challengeOf,
  initialFactor,
  isExpired,
  offersPasskey,
  otherTypedFactor,
  totpCodeOf,
  typedProof,
} from './mfa-step-state';

describe('the MFA challenge', () => {
  it('keeps the ticket and methods and knows when it expires', () => {
    const challenge = challengeOf(
      { mfa_required: true, mfa_ticket: 't', methods: ['totp', 'recovery_code'], expires_in: 300 },
      1_000,
    );
    expect(challenge).toEqual({ ticket: 't', methods: ['totp', 'recovery_code'], expiresAt: 301_000 });
    expect(isExpired(challenge, 300_999)).toBe(false);
    expect(isExpired(challenge, 301_000)).toBe(true);
  });
});

describe('which factor', () => {
  it.each([
    [['totp', 'recovery_code'], 'totp', 'recovery_code', false],
    [['totp', 'webauthn', 'recovery_code'], 'totp', 'recovery_code', true],
    [['webauthn', 'recovery_code'], 'recovery_code', null, true],
    [['totp'], 'totp', null, false],
  ] as const)('%j starts with %s, can switch to %s, passkey %s', (methods, first, other, passkey) => {
    expect(initialFactor(methods)).toBe(first);
    expect(otherTypedFactor(first, methods)).toBe(other);
    expect(offersPasskey(methods)).toBe(passkey);
  });
});

describe('typed answers', () => {
  it.each([
    ['123456', '123456'],
    [' 123 456 ', '123456'],
    ['12345', null],
    ['1234567', null],
    ['12a456', null],
    ['', null],
  ])('authenticator code %j → %j', (input, code) => {
    expect(totpCodeOf(input)).toBe(code);
  });

  it('sends an authenticator code, or says what is wrong', () => {
    expect(typedProof('totp', '123 456')).toEqual({ proof: { method: 'totp', code: '123456' } });
    expect(typedProof('totp', '12')).toEqual({ error: 'Enter the 6-digit code your authenticator app shows' });
  });

  it('sends a recovery code as typed (trimmed); the server ignores case and dashes', () => {
    expect(typedProof('recovery_code', ' abcd-efgh ')).toEqual({
      proof: { method: 'recovery_code', code: 'abcd-efgh' },
    });
    expect(typedProof('recovery_code', '  ')).toEqual({ error: 'Enter one of your recovery codes' });
  });
});
