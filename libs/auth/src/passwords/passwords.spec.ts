import { hashPassword, needsRehash, verifyPassword } from './password-hasher.js';
import { checkPassword } from './password-policy.js';

describe('password hashing', () => {
  it('hashes with argon2id at the OWASP parameters and verifies', async () => {
    const hash = await hashPassword('plum-tree-lantern-42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await expect(verifyPassword(hash, 'plum-tree-lantern-42')).resolves.toBe(true);
    await expect(verifyPassword(hash, 'plum-tree-lantern-43')).resolves.toBe(false);
    expect(needsRehash(hash)).toBe(false);
  });

  it.each([
    ['weaker memory', '$argon2id$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'],
    ['another algorithm', '$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo'],
    ['not a PHC string', 'plain-text'],
  ])('asks for a rehash of a hash with %s', (_, hash) => {
    expect(needsRehash(hash)).toBe(true);
  });

  it('never matches a malformed stored hash', async () => {
    await expect(verifyPassword('not-a-hash', 'anything')).resolves.toBe(false);
  });
});

describe('password policy', () => {
  it.each([
    ['short-1', ['tooShort']],
    ['Password123', ['tooCommon']],
    ['x'.repeat(257), ['tooLong']],
    ['ada@example.com', ['sameAsEmail']],
    ['plum-tree-lantern-42', []],
    ['🔑🔑🔑🔑🔑🔑🔑🔑🔑🔑', []],
  ])('judges %s', (password, codes) => {
    const problems = checkPassword(password, { minLength: 10, email: 'ADA@example.com' });
    expect(problems.map((problem) => problem.code)).toEqual(codes);
  });
});
