// The callback page tells the flows apart by their parameters; an error wins over anything else.
import { describe, expect, it } from 'vitest';
import { oauthErrorTitle, parseOAuthCallback } from './oauth-callback-params';

const parse = (query: string) => parseOAuthCallback(new URLSearchParams(query));

describe('parseOAuthCallback', () => {
  it.each([
    ['code=abc', { kind: 'sign-in', code: 'abc' }],
    ['code=abc&test=google', { kind: 'test', provider: 'google', code: 'abc' }],
    ['linked=github', { kind: 'linked', provider: 'github' }],
    [
      'error=access_denied&error_description=End-User+denied',
      { kind: 'error', error: 'access_denied', description: 'End-User denied' },
    ],
    ['error=provider_error', { kind: 'error', error: 'provider_error', description: null }],
    ['error=identity_in_use&code=abc&test=x', { kind: 'error', error: 'identity_in_use', description: null }],
    ['', { kind: 'incomplete' }],
    ['test=google', { kind: 'incomplete' }],
    ['code=%20%20', { kind: 'incomplete' }],
  ])('%s', (query, expected) => {
    expect(parse(query)).toEqual(expected);
  });
});

describe('oauthErrorTitle', () => {
  it('names the server’s codes and falls back for others', () => {
    expect(oauthErrorTitle('access_denied')).toBe('The sign-in was cancelled at the provider');
    expect(oauthErrorTitle('registration_closed')).toBe('New accounts cannot be created here');
    expect(oauthErrorTitle('something_new')).toBe('The sign-in did not complete');
  });
});
