import { createHash } from 'node:crypto';
import { AppException } from '@stagecraft/core';
import { emailLink } from './email-links.js';
import { invalidToken, newUserToken, userTokenHash } from './user-token.js';

describe('email link tokens', () => {
  it('are 32 random bytes in base64url, stored only as their SHA-256', () => {
    const { token, hash } = newUserToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hash).toEqual(createHash('sha256').update(token).digest());
    expect(hash.toString('base64url')).not.toBe(token);
  });

  it('hash the same token to the same value and different tokens apart', () => {
    const first = newUserToken();
    const second = newUserToken();
    expect(first.token).not.toBe(second.token);
    expect(userTokenHash(first.token)).toEqual(first.hash);
    expect(userTokenHash(second.token)).not.toEqual(first.hash);
  });

  it('share one 400 answer for every bad token', () => {
    const error = invalidToken();
    expect(error).toBeInstanceOf(AppException);
    expect(error.status).toBe(400);
    expect(error.options.errors).toEqual([expect.objectContaining({ field: 'token', code: 'invalid' })]);
  });
});

describe('email links', () => {
  it.each([
    ['https://app.example.com', 'https://app.example.com/admin/verify-email?token=abc_-1'],
    ['https://app.example.com/', 'https://app.example.com/admin/verify-email?token=abc_-1'],
    ['https://example.com/stagecraft', 'https://example.com/stagecraft/admin/verify-email?token=abc_-1'],
  ])('go under PUBLIC_URL %s', (publicUrl, expected) => {
    expect(emailLink(publicUrl, 'verify-email', 'abc_-1')).toBe(expected);
  });

  it('point reset tokens at the reset page and encode the token', () => {
    expect(emailLink('http://localhost:8080', 'reset-password', 'a+b/c=')).toBe(
      'http://localhost:8080/admin/reset-password?token=a%2Bb%2Fc%3D',
    );
  });
});
