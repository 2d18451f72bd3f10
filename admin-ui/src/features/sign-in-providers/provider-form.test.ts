// The provider form ⇄ the API: inputs by preset, a complete create body, and on edit only what
// changed — the secret only when a new one was typed.
import { describe, expect, it } from 'vitest';
import type { Provider } from '../../data/sign-in-providers/providers-query';
import {
  changesOf,
  createBodyOf,
  emptyProviderForm,
  GOOGLE_ISSUER,
  parseScopes,
  PRESET_URL_FIELDS,
  presetOf,
  providerFormOf,
} from './provider-form';

const stored: Provider = {
  name: 'corp',
  kind: 'oidc',
  display_name: 'Corp SSO',
  issuer: 'https://login.example.com',
  authorization_url: null,
  token_url: null,
  api_url: null,
  client_id: 'stagecraft',
  client_secret_set: true,
  scopes: ['openid', 'email', 'profile'],
  enabled: true,
  callback_url: 'https://api.example.com/api/v1/auth/oauth/corp/callback',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
};

describe('inputs by preset', () => {
  it('asks an OpenID Connect provider for its issuer, Google for nothing, GitHub for optional URLs', () => {
    expect(PRESET_URL_FIELDS).toEqual({
      oidc: ['issuer'],
      google: [],
      github: ['authorizationUrl', 'tokenUrl', 'apiUrl'],
    });
  });

  it('recognises the preset of a stored provider', () => {
    expect(presetOf(stored)).toBe('oidc');
    expect(presetOf({ kind: 'oidc', issuer: GOOGLE_ISSUER })).toBe('google');
    expect(presetOf({ kind: 'github', issuer: null })).toBe('github');
  });
});

describe('createBodyOf', () => {
  it('sends a trimmed body with the preset’s URLs only, no empty optional fields', () => {
    const body = createBodyOf({
      ...emptyProviderForm('oidc'),
      name: ' corp ',
      displayName: '  ',
      issuer: ' https://login.example.com ',
      apiUrl: 'https://ignored.example.com',
      clientId: ' stagecraft ',
      clientSecret: ' s3cret ',
    });
    expect(body).toEqual({
      name: 'corp',
      preset: 'oidc',
      issuer: 'https://login.example.com',
      client_id: 'stagecraft',
      client_secret: ' s3cret ',
      enabled: true,
    });
  });

  it('sends GitHub overrides, a display name, scopes and a disabled provider', () => {
    const body = createBodyOf({
      ...emptyProviderForm('github'),
      name: 'ghe',
      displayName: 'GitHub Enterprise',
      authorizationUrl: 'https://ghe.example.com/login/oauth/authorize',
      clientId: 'id',
      clientSecret: 'secret',
      scopes: 'read:user, user:email',
      enabled: false,
    });
    expect(body).toEqual({
      name: 'ghe',
      preset: 'github',
      display_name: 'GitHub Enterprise',
      authorization_url: 'https://ghe.example.com/login/oauth/authorize',
      client_id: 'id',
      client_secret: 'secret',
      scopes: ['read:user', 'user:email'],
      enabled: false,
    });
  });
});

describe('changesOf', () => {
  it('sends nothing when nothing changed, and never the secret then', () => {
    const form = providerFormOf(stored);
    expect(form.clientSecret).toBe('');
    expect(changesOf(stored, form)).toEqual({});
  });

  it('sends what changed, and a typed secret to replace the stored one', () => {
    const form = {
      ...providerFormOf(stored),
      displayName: 'Corp',
      clientSecret: 'new secret',
      scopes: 'openid email',
      enabled: false,
    };
    expect(changesOf(stored, form)).toEqual({
      display_name: 'Corp',
      client_secret: 'new secret',
      scopes: ['openid', 'email'],
      enabled: false,
    });
  });

  it('leaves a cleared field alone rather than sending an empty value', () => {
    expect(changesOf(stored, { ...providerFormOf(stored), issuer: ' ', clientId: '' })).toEqual({});
  });
});

describe('parseScopes', () => {
  it('splits on spaces and commas', () => {
    expect(parseScopes(' openid,email  profile ')).toEqual(['openid', 'email', 'profile']);
    expect(parseScopes('')).toEqual([]);
  });
});
