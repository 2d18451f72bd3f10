import { newRecoveryCodes, RECOVERY_CODE_COUNT, recoveryCodeHash } from './recovery-codes.js';

describe('recovery codes', () => {
  it('makes ten distinct codes of four groups from an unambiguous alphabet', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/);
  });

  it('hashes the same code typed with other case, spaces or dashes, and look-alike letters, the same', () => {
    const hash = recoveryCodeHash('ab01-cd10-ef00-gh11');
    for (const typed of ['AB01CD10EF00GH11', ' ab01 cd10 ef00 gh11 ', 'abo1-cdl0-efOO-ghIi']) {
      expect(recoveryCodeHash(typed).equals(hash)).toBe(true);
    }
    expect(recoveryCodeHash('ab01-cd10-ef00-gh12').equals(hash)).toBe(false);
  });
});
