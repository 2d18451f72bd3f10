// GitHub-style OAuth2 (no OpenID Connect) through arctic's generic OAuth2 client: code flow
// with PKCE, then the identity from the user API and the address from the emails API, where
// GitHub says which addresses are verified. The URLs come from the provider row, so GitHub
// Enterprise works the same way.

import { Injectable } from '@nestjs/common';
import { ArcticFetchError, CodeChallengeMethod, OAuth2Client, OAuth2RequestError } from 'arctic';
import type { ProviderRow } from '../providers/sign-in-provider.js';
import type { AssertedIdentity, AuthorizationSecrets } from './asserted-identity.js';
import { OAuthFailure } from './oauth-failure.js';

const API_TIMEOUT_MS = 10_000;

interface GitHubUser {
  id: number;
  login: string;
  name?: string | null;
  email?: string | null;
}

interface GitHubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

@Injectable()
export class GitHubProviderClient {
  authorizationUrl(provider: ProviderRow, clientSecret: string, secrets: AuthorizationSecrets): URL {
    return this.client(provider, clientSecret, secrets.redirectUri).createAuthorizationURLWithPKCE(
      provider.authorization_url ?? '',
      secrets.state,
      CodeChallengeMethod.S256,
      secrets.codeVerifier,
      provider.scopes,
    );
  }

  async finish(
    provider: ProviderRow,
    clientSecret: string,
    callbackUrl: URL,
    secrets: AuthorizationSecrets,
  ): Promise<AssertedIdentity> {
    const code = callbackUrl.searchParams.get('code');
    if (!code) throw new OAuthFailure('provider_error', 'The provider sent no authorization code.');
    let accessToken: string;
    try {
      const tokens = await this.client(provider, clientSecret, secrets.redirectUri).validateAuthorizationCode(
        provider.token_url ?? '',
        code,
        secrets.codeVerifier,
      );
      accessToken = tokens.accessToken();
    } catch (error) {
      if (error instanceof OAuth2RequestError) {
        throw new OAuthFailure('provider_error', `The provider refused the sign-in (${error.code}).`, error);
      }
      if (error instanceof ArcticFetchError) {
        throw new OAuthFailure('provider_unavailable', 'The sign-in provider cannot be reached.', error);
      }
      throw new OAuthFailure('provider_error', 'The provider’s token answer was not understood.', error);
    }
    const apiUrl = (provider.api_url ?? '').replace(/\/+$/, '');
    const user = await getJson<GitHubUser>(`${apiUrl}/user`, accessToken);
    const emails = await getJson<GitHubEmail[]>(`${apiUrl}/user/emails`, accessToken);
    const chosen = chooseEmail(emails, user);
    return {
      provider: provider.name,
      issuer: apiUrl,
      subject: String(user.id),
      email: chosen?.email ?? null,
      emailVerified: chosen?.verified ?? false,
      name: user.name ?? user.login,
      claims: { ...user, emails },
    };
  }

  private client(provider: ProviderRow, clientSecret: string, redirectUri: string): OAuth2Client {
    return new OAuth2Client(provider.client_id, clientSecret, redirectUri);
  }
}

/** The primary address if verified, else any verified one, else the profile's (unverified). */
function chooseEmail(emails: GitHubEmail[], user: GitHubUser): { email: string; verified: boolean } | undefined {
  const list = Array.isArray(emails) ? emails : [];
  const verified = list.find((entry) => entry.primary && entry.verified) ?? list.find((entry) => entry.verified);
  if (verified) return { email: verified.email, verified: true };
  const fallback = list.find((entry) => entry.primary)?.email ?? user.email;
  return fallback ? { email: fallback, verified: false } : undefined;
}

async function getJson<T>(url: string, accessToken: string): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: {
        authorization: `Bearer ${accessToken}`,
        accept: 'application/vnd.github+json',
        'user-agent': 'Stagecraft',
      },
      signal: AbortSignal.timeout(API_TIMEOUT_MS),
    });
  } catch (error) {
    throw new OAuthFailure('provider_unavailable', 'The sign-in provider cannot be reached.', error);
  }
  if (!response.ok) {
    throw new OAuthFailure(
      'provider_error',
      `The provider’s API answered ${response.status} for ${new URL(url).pathname}.`,
    );
  }
  const body = (await response.json().catch(() => undefined)) as T | undefined;
  if (body === undefined || body === null) throw new OAuthFailure('provider_error', 'The provider’s API sent no JSON.');
  const id = (body as { id?: unknown }).id;
  if (url.endsWith('/user') && typeof id !== 'number' && typeof id !== 'string') {
    throw new OAuthFailure('provider_error', 'The provider’s user API named no account id.');
  }
  return body;
}
