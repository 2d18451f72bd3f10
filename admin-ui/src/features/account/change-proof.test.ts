// The proof a change to one's factors sends: `code` for the app, `recovery_code` otherwise.
import { describe, expect, it } from 'vitest';
import { changeProof } from './change-proof';
import { recoveryCodesText } from './recovery-codes-file';

describe('changeProof', () => {
  it('sends a current app code as code', () => {
    expect(changeProof('totp', '123 456')).toEqual({ proof: { code: '123456' } });
    expect(changeProof('totp', 'abc')).toEqual({ error: 'Enter the 6-digit code your authenticator app shows' });
  });

  it('sends a recovery code as recovery_code', () => {
    expect(changeProof('recovery_code', ' abcd-efgh ')).toEqual({ proof: { recovery_code: 'abcd-efgh' } });
    expect(changeProof('recovery_code', '')).toEqual({ error: 'Enter one of your recovery codes' });
  });
});

describe('recoveryCodesText', () => {
  it('names the instance and lists one code a line', () => {
    expect(recoveryCodesText(['a', 'b'], 'api.example.com')).toBe(
      'Stagecraft recovery codes (api.example.com)\nEach code works once.\n\na\nb\n',
    );
  });
});
