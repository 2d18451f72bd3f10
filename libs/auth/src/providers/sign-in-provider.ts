// A sign-in provider as admins configure it: generic OpenID Connect (from an issuer URL) or
// GitHub-style OAuth2 (fixed endpoints, identity from its user and email APIs). Presets fill
// in what is known about well-known providers; the client secret never leaves this library.

export type ProviderKind = 'oidc' | 'github';
export type ProviderPreset = 'oidc' | 'google' | 'github';
export const PROVIDER_PRESETS: readonly ProviderPreset[] = ['oidc', 'google', 'github'];

export interface ProviderRow {
  name: string;
  kind: ProviderKind;
  display_name: string;
  issuer: string | null;
  authorization_url: string | null;
  token_url: string | null;
  api_url: string | null;
  client_id: string;
  /** Encrypted (SecretBox). */
  client_secret: string;
  scopes: string[];
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export interface ProviderView {
  name: string;
  kind: ProviderKind;
  display_name: string;
  issuer: string | null;
  authorization_url: string | null;
  token_url: string | null;
  api_url: string | null;
  client_id: string;
  client_secret_set: true;
  scopes: string[];
  enabled: boolean;
  /** What the admin registers at the provider as the redirect (callback) URL. */
  callback_url: string;
  created_at: string;
  updated_at: string;
}

interface PresetDefaults {
  readonly kind: ProviderKind;
  readonly displayName: string;
  readonly issuer?: string;
  readonly authorizationUrl?: string;
  readonly tokenUrl?: string;
  readonly apiUrl?: string;
  readonly scopes: readonly string[];
}

export const PRESETS: Readonly<Record<ProviderPreset, PresetDefaults>> = {
  oidc: { kind: 'oidc', displayName: 'Single sign-on', scopes: ['openid', 'email', 'profile'] },
  google: {
    kind: 'oidc',
    displayName: 'Google',
    issuer: 'https://accounts.google.com',
    scopes: ['openid', 'email', 'profile'],
  },
  // GitHub is OAuth2 without OpenID Connect; the URLs can be overridden (GitHub Enterprise).
  github: {
    kind: 'github',
    displayName: 'GitHub',
    authorizationUrl: 'https://github.com/login/oauth/authorize',
    tokenUrl: 'https://github.com/login/oauth/access_token',
    apiUrl: 'https://api.github.com',
    scopes: ['read:user', 'user:email'],
  },
};

export function callbackUrl(publicUrl: string, name: string): string {
  return `${publicUrl}/api/v1/auth/oauth/${name}/callback`;
}

export function toProviderView(row: ProviderRow, publicUrl: string): ProviderView {
  return {
    name: row.name,
    kind: row.kind,
    display_name: row.display_name,
    issuer: row.issuer,
    authorization_url: row.authorization_url,
    token_url: row.token_url,
    api_url: row.api_url,
    client_id: row.client_id,
    client_secret_set: true,
    scopes: row.scopes,
    enabled: row.enabled,
    callback_url: callbackUrl(publicUrl, row.name),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
