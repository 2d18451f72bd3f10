// The sign-in settings form sends only what changed; blank and repeated URLs are dropped.
import { describe, expect, it } from 'vitest';
import { cleanRedirectUrls, settingsChangesOf, settingsFormOf } from './sign-in-settings-form';

const saved = { oauth_redirect_urls: ['https://app.example.com/cb'], mfa_required_roles: ['admin' as const] };

describe('sign-in settings', () => {
  it('cleans the URL list', () => {
    expect(cleanRedirectUrls([' https://a.example/cb ', '', 'https://a.example/cb', 'app:/oauth'])).toEqual([
      'https://a.example/cb',
      'app:/oauth',
    ]);
  });

  it('sends nothing when nothing changed (order of roles does not matter)', () => {
    expect(settingsChangesOf(saved, settingsFormOf(saved))).toEqual({});
    const both = { ...saved, mfa_required_roles: ['user' as const, 'admin' as const] };
    expect(
      settingsChangesOf(both, { redirectUrls: [...saved.oauth_redirect_urls, ' '], mfaRoles: ['admin', 'user'] }),
    ).toEqual({});
  });

  it('sends the new list and roles', () => {
    expect(
      settingsChangesOf(saved, {
        redirectUrls: ['https://app.example.com/cb', 'com.example.app:/oauth'],
        mfaRoles: [],
      }),
    ).toEqual({
      oauth_redirect_urls: ['https://app.example.com/cb', 'com.example.app:/oauth'],
      mfa_required_roles: [],
    });
  });
});
