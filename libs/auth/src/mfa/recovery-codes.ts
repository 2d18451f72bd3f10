// Recovery codes: ten single-use codes of 80 random bits each, shown once when the first second
// factor is set up. Only their SHA-256 is stored (the codes are random enough that a slow hash
// adds nothing); input is normalised so case, spaces and dashes do not matter.

import { createHash, randomInt } from 'node:crypto';

export const RECOVERY_CODE_COUNT = 10;
// Crockford's base32: no I, L, O or U, so a code read aloud or copied by hand stays the same.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;

/** A fresh set of codes, formatted `xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () =>
    Array.from({ length: GROUPS }, () =>
      Array.from({ length: GROUP_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
    ).join('-'),
  );
}

/** The stored form of a code, whatever spacing, dashes or case it was typed with. */
export function recoveryCodeHash(code: string): Buffer {
  const normalised = code.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  return createHash('sha256').update(normalised).digest();
}
