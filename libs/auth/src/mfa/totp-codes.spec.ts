import { Secret, TOTP } from 'otpauth';
import { newTotpSecret, totpStepOf, totpUri } from './totp-codes.js';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const NOW = 1_700_000_015_000; // 15 s into step 56 666 667
const STEP = Math.floor(NOW / 30_000);
const codeAt = (step: number): string => TOTP.generate({ secret: Secret.fromBase32(SECRET), timestamp: step * 30_000 });

describe('TOTP codes', () => {
  it('makes 160-bit base32 secrets, a new one each time', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('puts issuer, label and parameters in the otpauth URI', () => {
    const uri = new URL(totpUri(SECRET, { issuer: 'Stagecraft', label: 'ada@example.com' }));
    expect(uri.protocol).toBe('otpauth:');
    expect(decodeURIComponent(uri.pathname)).toBe('/Stagecraft:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toEqual({
      issuer: 'Stagecraft',
      secret: SECRET,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it.each([
    [-1, STEP - 1],
    [0, STEP],
    [1, STEP + 1],
  ])('accepts the code of step %i from now and names its step', (offset, step) => {
    expect(totpStepOf(SECRET, codeAt(STEP + offset), NOW)).toBe(step);
  });

  it.each([
    ['two steps ago', () => codeAt(STEP - 2)],
    ['two steps ahead', () => codeAt(STEP + 2)],
    ['five digits', () => codeAt(STEP).slice(1)],
    ['letters', () => 'abcdef'],
    ['empty', () => ''],
  ])('refuses a code %s', (_name, code) => {
    expect(totpStepOf(SECRET, code(), NOW)).toBeUndefined();
  });

  it('ignores spaces inside a code', () => {
    const code = codeAt(STEP);
    expect(totpStepOf(SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, NOW)).toBe(STEP);
  });
});
