// The sign-in settings form ⇄ PATCH /auth/settings: redirect URLs as an editable list (blank
// rows dropped, duplicates kept once) and the roles that must use MFA.
import type { AuthSettings } from '../../data/sign-in-providers/auth-settings-query';
import type { UpdateAuthSettingsInput } from '../../data/sign-in-providers/auth-settings-update-mutation';

export type Role = AuthSettings['mfa_required_roles'][number];

export interface SignInSettingsForm {
  redirectUrls: string[];
  mfaRoles: Role[];
}

export function settingsFormOf(settings: AuthSettings): SignInSettingsForm {
  return { redirectUrls: [...settings.oauth_redirect_urls], mfaRoles: [...settings.mfa_required_roles] };
}

export function cleanRedirectUrls(urls: readonly string[]): string[] {
  const cleaned = urls.map((url) => url.trim()).filter(Boolean);
  return [...new Set(cleaned)];
}

/** Only what changed; an empty object when nothing did. */
export function settingsChangesOf(saved: AuthSettings, form: SignInSettingsForm): UpdateAuthSettingsInput {
  const changes: UpdateAuthSettingsInput = {};
  const urls = cleanRedirectUrls(form.redirectUrls);
  if (urls.join('\n') !== saved.oauth_redirect_urls.join('\n')) changes.oauth_redirect_urls = urls;
  const roles = [...form.mfaRoles].sort();
  if (roles.join(',') !== [...saved.mfa_required_roles].sort().join(',')) changes.mfa_required_roles = roles;
  return changes;
}
