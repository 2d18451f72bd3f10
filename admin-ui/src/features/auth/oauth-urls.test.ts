// The console's provider sign-in starts at the API with its callback and PKCE challenge.
import { describe, expect, it } from 'vitest';
import { consoleCallbackUrl, oauthStartUrl } from './oauth-urls';

describe('oauth urls', () => {
  it('ends flows at the console callback of this origin', () => {
    expect(consoleCallbackUrl('https://api.example.com')).toBe('https://api.example.com/admin/oauth-callback');
  });

  it('starts at /api/v1/auth/oauth/<name> with the redirect and an S256 challenge', () => {
    const url = new URL(
      oauthStartUrl('my-idp', 'http://127.0.0.1:8080/admin/oauth-callback', 'abc'),
      'http://127.0.0.1:8080',
    );
    expect(url.pathname).toBe('/api/v1/auth/oauth/my-idp');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      redirect_uri: 'http://127.0.0.1:8080/admin/oauth-callback',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
    });
  });
});
