// PKCE: verifiers the server accepts, the S256 challenge of RFC 7636's own example, and a
// verifier that is read once.
import { describe, expect, it } from 'vitest';
import { base64url, codeChallengeOf, generateCodeVerifier, rememberCodeVerifier, takeCodeVerifier } from './pkce';

class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  clear() {
    this.items.clear();
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  key(index: number) {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
}

describe('generateCodeVerifier', () => {
  it('is 43 characters the server accepts ([A-Za-z0-9._~-]{43,128}), different each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, () => generateCodeVerifier()));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('codeChallengeOf', () => {
  it('computes RFC 7636 appendix B', async () => {
    await expect(codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).resolves.toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('answers the 43-character base64url the server checks', async () => {
    await expect(codeChallengeOf(generateCodeVerifier())).resolves.toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('base64url', () => {
  it('uses - and _ and no padding', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64url(new Uint8Array([1]))).toBe('AQ');
  });
});

describe('the stored verifier', () => {
  it('is given back once', () => {
    const storage = new MemoryStorage();
    expect(takeCodeVerifier(storage)).toBeNull();
    rememberCodeVerifier('v1', storage);
    rememberCodeVerifier('v2', storage);
    expect(takeCodeVerifier(storage)).toBe('v2');
    expect(takeCodeVerifier(storage)).toBeNull();
  });
});
