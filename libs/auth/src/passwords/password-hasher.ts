// argon2id password hashing with at least OWASP's parameters, and the check that tells when
// a stored hash was made with older parameters and should be replaced at the next login.

import { Algorithm, hash, verify } from '@node-rs/argon2';

/** OWASP Password Storage Cheat Sheet: argon2id, m = 19 MiB, t = 2, p = 1. */
export const ARGON2_PARAMETERS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMETERS);
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false; // a malformed stored hash never matches
  }
}

/** True when the PHC string's algorithm or cost parameters differ from the current ones. */
export function needsRehash(storedHash: string): boolean {
  const match = /^\$(argon2id)\$v=\d+\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(storedHash);
  if (!match) return true;
  const [, , m, t, p] = match;
  return (
    Number(m) !== ARGON2_PARAMETERS.memoryCost ||
    Number(t) !== ARGON2_PARAMETERS.timeCost ||
    Number(p) !== ARGON2_PARAMETERS.parallelism
  );
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real verification when no account matches, so that an unknown email
 * and a wrong password take as long as each other.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummyHash ??= hashPassword('stagecraft-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
  return false;
}
