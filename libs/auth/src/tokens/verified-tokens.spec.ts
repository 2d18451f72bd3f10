import { VerifiedTokens } from './verified-tokens.js';

describe('VerifiedTokens', () => {
  const exp = 1_800_000_000; // seconds, as in a JWT
  const claims = { sub: 'u1', sid: 's1', exp };

  it('recalls a remembered token until its exp, then forgets it', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims);
    expect(tokens.recall('a.b.c', exp * 1000 - 1)).toBe(claims);
    expect(tokens.recall('a.b.c', exp * 1000)).toBeUndefined();
    expect(tokens.recall('a.b.c', exp * 1000 - 1)).toBeUndefined();
  });

  it('matches the whole token only', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('a.b.c', claims);
    expect(tokens.recall('a.b.C', 0)).toBeUndefined();
    expect(tokens.recall('a.b.c ', 0)).toBeUndefined();
    expect(tokens.recall('a.b', 0)).toBeUndefined();
  });

  it('never keeps a token without a numeric exp', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('no-exp', { sub: 'u1', sid: 's1' });
    tokens.remember('text-exp', { sub: 'u1', sid: 's1', exp: String(exp) });
    expect(tokens.recall('no-exp', 0)).toBeUndefined();
    expect(tokens.recall('text-exp', 0)).toBeUndefined();
  });

  it('stays bounded: the oldest token goes first', () => {
    const tokens = new VerifiedTokens();
    for (let i = 0; i <= 10_000; i++) tokens.remember(`token-${i}`, claims);
    expect(tokens.recall('token-0', 0)).toBeUndefined();
    expect(tokens.recall('token-1', 0)).toBe(claims);
    expect(tokens.recall('token-10000', 0)).toBe(claims);
  });
});
