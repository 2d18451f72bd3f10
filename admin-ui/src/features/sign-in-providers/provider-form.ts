// The provider form ⇄ the bodies the API takes. Which inputs show depends on the preset: an
// OpenID Connect provider is found from its issuer, Google's issuer is fixed, GitHub is plain
// OAuth2 whose URLs can be overridden (GitHub Enterprise). The client secret is write-only: on
// edit it is sent only when a new one was typed.
import type { CreateProviderInput } from '../../data/sign-in-providers/provider-create-mutation';
import type { UpdateProviderInput } from '../../data/sign-in-providers/provider-update-mutation';
import type { Provider } from '../../data/sign-in-providers/providers-query';

export type Preset = CreateProviderInput['preset'];
export type UrlField = 'issuer' | 'authorizationUrl' | 'tokenUrl' | 'apiUrl';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

export const PRESETS: { value: Preset; label: string }[] = [
  { value: 'oidc', label: 'OpenID Connect' },
  { value: 'google', label: 'Google' },
  { value: 'github', label: 'GitHub' },
];

/** The URL inputs each preset shows, in order. */
export const PRESET_URL_FIELDS: Record<Preset, readonly UrlField[]> = {
  oidc: ['issuer'],
  google: [],
  github: ['authorizationUrl', 'tokenUrl', 'apiUrl'],
};

export interface ProviderForm {
  name: string;
  preset: Preset;
  displayName: string;
  issuer: string;
  authorizationUrl: string;
  tokenUrl: string;
  apiUrl: string;
  clientId: string;
  /** Empty on edit: the stored one is kept. */
  clientSecret: string;
  /** Space- or comma-separated; empty means the preset's defaults. */
  scopes: string;
  enabled: boolean;
}

export function emptyProviderForm(preset: Preset = 'oidc'): ProviderForm {
  return {
    name: '',
    preset,
    displayName: '',
    issuer: '',
    authorizationUrl: '',
    tokenUrl: '',
    apiUrl: '',
    clientId: '',
    clientSecret: '',
    scopes: '',
    enabled: true,
  };
}

/** The preset a stored provider was made from, as near as its kind and issuer tell. */
export function presetOf(provider: Pick<Provider, 'kind' | 'issuer'>): Preset {
  if (provider.kind === 'github') return 'github';
  return provider.issuer === GOOGLE_ISSUER ? 'google' : 'oidc';
}

export function providerFormOf(provider: Provider): ProviderForm {
  return {
    name: provider.name,
    preset: presetOf(provider),
    displayName: provider.display_name,
    issuer: provider.issuer ?? '',
    authorizationUrl: provider.authorization_url ?? '',
    tokenUrl: provider.token_url ?? '',
    apiUrl: provider.api_url ?? '',
    clientId: provider.client_id,
    clientSecret: '',
    scopes: provider.scopes.join(' '),
    enabled: provider.enabled,
  };
}

export function parseScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** The API's name of each URL input (also the key of its field problems). */
export const API_NAMES: Record<UrlField, 'issuer' | 'authorization_url' | 'token_url' | 'api_url'> = {
  issuer: 'issuer',
  authorizationUrl: 'authorization_url',
  tokenUrl: 'token_url',
  apiUrl: 'api_url',
};

export function createBodyOf(form: ProviderForm): CreateProviderInput {
  const body: CreateProviderInput = {
    name: form.name.trim(),
    preset: form.preset,
    client_id: form.clientId.trim(),
    client_secret: form.clientSecret,
    enabled: form.enabled,
  };
  const displayName = form.displayName.trim();
  if (displayName) body.display_name = displayName;
  for (const field of PRESET_URL_FIELDS[form.preset]) {
    const value = form[field].trim();
    if (value) body[API_NAMES[field]] = value;
  }
  const scopes = parseScopes(form.scopes);
  if (scopes.length > 0) body.scopes = scopes;
  return body;
}

/** Only what changed; URLs the preset does not show are left alone. */
export function changesOf(provider: Provider, form: ProviderForm): UpdateProviderInput {
  const saved = providerFormOf(provider);
  const changes: UpdateProviderInput = {};
  const displayName = form.displayName.trim();
  if (displayName && displayName !== saved.displayName) changes.display_name = displayName;
  const clientId = form.clientId.trim();
  if (clientId && clientId !== saved.clientId) changes.client_id = clientId;
  if (form.clientSecret !== '') changes.client_secret = form.clientSecret;
  for (const field of PRESET_URL_FIELDS[form.preset]) {
    const value = form[field].trim();
    if (value && value !== saved[field]) changes[API_NAMES[field]] = value;
  }
  const scopes = parseScopes(form.scopes);
  if (scopes.length > 0 && scopes.join(' ') !== provider.scopes.join(' ')) changes.scopes = scopes;
  if (form.enabled !== provider.enabled) changes.enabled = form.enabled;
  return changes;
}
