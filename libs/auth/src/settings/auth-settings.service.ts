// Sign-in settings admins change at runtime: where OAuth flows may send users back to (exact
// URLs), and which roles must use a second factor. Kept in stagecraft.settings so every
// instance reads the same values; read on sign-in paths only, never per request.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { DataSource } from 'typeorm';
import { ROLES, type Role } from '../principal.js';

export interface AuthSettings {
  /** Exact redirect URLs an OAuth flow may end at, besides the console's own. */
  readonly oauthRedirectUrls: readonly string[];
  /** Roles whose members must add and use a second factor. */
  readonly mfaRequiredRoles: readonly Role[];
}

const KEYS = { oauthRedirectUrls: 'auth.oauth_redirect_urls', mfaRequiredRoles: 'auth.mfa_required_roles' } as const;
const MAX_REDIRECT_URLS = 50;
/** Where the console receives the end of its own sign-in flows, always allowed. */
export const CONSOLE_OAUTH_CALLBACK_PATH = '/admin/oauth-callback';

@Injectable()
export class AuthSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(): Promise<AuthSettings> {
    const rows: { key: string; value: unknown }[] = await this.dataSource.query(
      `SELECT key, value FROM stagecraft.settings WHERE key = ANY($1)`,
      [Object.values(KEYS)],
    );
    const value = (key: string): unknown => rows.find((row) => row.key === key)?.value;
    return {
      oauthRedirectUrls: stringList(value(KEYS.oauthRedirectUrls)),
      mfaRequiredRoles: stringList(value(KEYS.mfaRequiredRoles)).filter(isRole),
    };
  }

  /** Roles arrive as strings (from the API) and are checked here. */
  async update(changes: {
    oauthRedirectUrls?: readonly string[];
    mfaRequiredRoles?: readonly string[];
  }): Promise<AuthSettings> {
    if (changes.oauthRedirectUrls !== undefined) {
      const urls = [...new Set(changes.oauthRedirectUrls.map(checkRedirectUrl))];
      if (urls.length > MAX_REDIRECT_URLS)
        throw invalid('oauth_redirect_urls', `At most ${MAX_REDIRECT_URLS} redirect URLs may be listed.`);
      await this.put(KEYS.oauthRedirectUrls, urls);
    }
    if (changes.mfaRequiredRoles !== undefined) {
      const unknown = changes.mfaRequiredRoles.find((role) => !isRole(role));
      if (unknown !== undefined)
        throw invalid('mfa_required_roles', `"${unknown}" is not a role (${ROLES.join(', ')}).`);
      await this.put(KEYS.mfaRequiredRoles, [...new Set(changes.mfaRequiredRoles)]);
    }
    return this.get();
  }

  /** The console's own OAuth landing page on this instance. */
  consoleCallbackUrl(): string {
    return `${this.config.publicUrl}${CONSOLE_OAUTH_CALLBACK_PATH}`;
  }

  /** Exact match only: no prefixes, no wildcards, no normalisation beyond what the client sent. */
  async isAllowedRedirect(url: string): Promise<boolean> {
    if (url === this.consoleCallbackUrl()) return true;
    return (await this.get()).oauthRedirectUrls.includes(url);
  }

  private async put(key: string, value: unknown): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO stagecraft.settings (key, value) VALUES ($1, $2)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, JSON.stringify(value)],
    );
  }
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/**
 * An absolute URL without a fragment. App schemes (com.example.app:/callback) are allowed for
 * mobile apps; schemes that run code in the browser are not.
 */
function checkRedirectUrl(candidate: string): string {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    throw invalid('oauth_redirect_urls', `"${candidate}" is not an absolute URL.`);
  }
  if (['javascript:', 'data:', 'vbscript:', 'file:', 'blob:'].includes(url.protocol)) {
    throw invalid('oauth_redirect_urls', `"${candidate}" uses the ${url.protocol} scheme, which is not allowed.`);
  }
  if (candidate.includes('#'))
    throw invalid('oauth_redirect_urls', `"${candidate}" has a fragment; redirect URLs cannot.`);
  return candidate;
}

/** A 400 for one setting; `message` is a sentence about its value. */
function invalid(field: string, message: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, `The setting ${field} is not valid. ${message}`, {
    errors: [{ field, code: 'invalid', message }],
  });
}
