// A user's second factors as badge labels.
import { describe, expect, it } from 'vitest';
import { mfaFactorLabels } from './mfa-summary';

const passkey = (id: string) => ({ id, name: id, created_at: '2026-01-01T00:00:00Z', last_used_at: null });

describe('mfaFactorLabels', () => {
  it.each([
    [{ totp: false, passkeys: [] }, []],
    [{ totp: true, passkeys: [] }, ['TOTP']],
    [{ totp: false, passkeys: [passkey('a')] }, ['1 passkey']],
    [{ totp: true, passkeys: [passkey('a'), passkey('b')] }, ['TOTP', '2 passkeys']],
  ])('%j → %j', (status, labels) => {
    expect(mfaFactorLabels(status)).toEqual(labels);
  });
});
