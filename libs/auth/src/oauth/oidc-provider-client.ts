// Generic OpenID Connect through openid-client (certified): discovery from the issuer,
// authorization code flow with PKCE, state and nonce, and ID token validation (JWKS
// signature, iss, aud, exp, nonce) all done by the library. Discovered configurations are
// kept per provider version, so a changed provider is discovered again.

import { Injectable, Logger } from '@nestjs/common';
import type * as oidc from 'openid-client';
import type { ProviderRow } from '../providers/sign-in-provider.js';
import type { AssertedIdentity, AuthorizationSecrets } from './asserted-identity.js';
import { loadOidc, type Oidc } from './load-oidc.js';
import { OAuthFailure } from './oauth-failure.js';

const DISCOVERY_TIMEOUT_SECONDS = 10;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

@Injectable()
export class OidcProviderClient {
  private readonly logger = new Logger(OidcProviderClient.name);
  private readonly configurations = new Map<string, { version: number; configuration: oidc.Configuration }>();

  async authorizationUrl(provider: ProviderRow, clientSecret: string, secrets: AuthorizationSecrets): Promise<URL> {
    const configuration = await this.configuration(provider, clientSecret);
    const oidc = await loadOidc();
    return oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: secrets.redirectUri,
      scope: provider.scopes.join(' '),
      state: secrets.state,
      nonce: secrets.nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
      code_challenge_method: 'S256',
    });
  }

  async finish(
    provider: ProviderRow,
    clientSecret: string,
    callbackUrl: URL,
    secrets: AuthorizationSecrets,
  ): Promise<AssertedIdentity> {
    const configuration = await this.configuration(provider, clientSecret);
    const oidc = await loadOidc();
    let claims: oidc.IDToken | undefined;
    try {
      const tokens = await oidc.authorizationCodeGrant(
        configuration,
        callbackUrl,
        {
          pkceCodeVerifier: secrets.codeVerifier,
          expectedState: secrets.state,
          expectedNonce: secrets.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: secrets.redirectUri },
      );
      claims = tokens.claims();
    } catch (error) {
      throw classify(oidc, error);
    }
    if (!claims) throw new OAuthFailure('invalid_id_token', 'The provider sent no ID token.');
    return {
      provider: provider.name,
      issuer: claims.iss,
      subject: claims.sub,
      email: typeof claims.email === 'string' ? claims.email : null,
      // Only an explicit `true` counts: a missing claim is an unverified address.
      emailVerified: claims.email_verified === true,
      name: typeof claims.name === 'string' ? claims.name : null,
      claims,
    };
  }

  private async configuration(provider: ProviderRow, clientSecret: string): Promise<oidc.Configuration> {
    const version = provider.updated_at.getTime();
    const cached = this.configurations.get(provider.name);
    if (cached?.version === version) return cached.configuration;
    const issuer = new URL(provider.issuer ?? '');
    const oidc = await loadOidc();
    try {
      const configuration = await oidc.discovery(issuer, provider.client_id, clientSecret, undefined, {
        timeout: DISCOVERY_TIMEOUT_SECONDS,
        // Plain http only for an issuer on this machine (development and tests); the library
        // marks the option deprecated only to make its use stand out.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        execute: LOOPBACK_HOSTS.has(issuer.hostname) ? [oidc.allowInsecureRequests] : [],
      });
      // Without this, an ID token from the token endpoint is trusted on the strength of TLS
      // (OIDC Core 3.1.3.7 allows it); its signature is checked against the JWKS as well.
      oidc.enableNonRepudiationChecks(configuration);
      this.configurations.set(provider.name, { version, configuration });
      return configuration;
    } catch (error) {
      this.logger.warn(
        `Discovery for sign-in provider "${provider.name}" at ${issuer.href} failed: ${describe(error)}`,
      );
      throw new OAuthFailure(
        'provider_unavailable',
        `The sign-in provider "${provider.name}" cannot be reached.`,
        error,
      );
    }
  }
}

/** Network trouble, a refusal by the provider, or a response that failed validation. */
function classify(oidc: Oidc, error: unknown): OAuthFailure {
  if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) {
    return new OAuthFailure('provider_error', `The provider refused the sign-in (${error.error}).`, error);
  }
  if (isNetworkFailure(error)) {
    return new OAuthFailure('provider_unavailable', 'The sign-in provider cannot be reached.', error);
  }
  return new OAuthFailure('invalid_id_token', 'The provider’s answer failed validation.', error);
}

function isNetworkFailure(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current.name === 'AbortError' || current.name === 'TimeoutError') return true;
    if (current instanceof TypeError && current.message === 'fetch failed') return true;
  }
  return false;
}

export function describe(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error && parts.length < 4; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    parts.push(`${current.message}${typeof code === 'string' ? ` [${code}]` : ''}`);
  }
  return parts.join(' <- ') || String(error);
}
