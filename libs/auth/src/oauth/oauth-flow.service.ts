// The OAuth/OIDC sign-in flow for client apps, in three steps:
//   start     -> the provider's authorization URL; state, nonce and PKCE verifier stay here
//   callback  -> the provider's answer checked; the app gets a one-time code (never tokens)
//   exchange  -> the one-time code (and the app's own PKCE verifier) for the usual tokens
// The same flow links a provider to a signed-in account, and runs an admin's test sign-in.

import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AuthService, type ClientContext } from '../auth.service.js';
import { AuthChallengesService } from '../challenges/auth-challenges.service.js';
import { RateLimiterService } from '../rate-limit/rate-limiter.service.js';
import { ProvidersRepository } from '../providers/providers.repository.js';
import { ProvidersService } from '../providers/providers.service.js';
import { callbackUrl, type ProviderRow } from '../providers/sign-in-provider.js';
import { AuthSettingsService } from '../settings/auth-settings.service.js';
import { UsersRepository } from '../users/users.repository.js';
import { AccountResolver } from './account-resolver.js';
import type { AssertedIdentity, AuthorizationSecrets } from './asserted-identity.js';
import { GitHubProviderClient } from './github-provider-client.js';
import { loadOidc } from './load-oidc.js';
import { OAuthFailure } from './oauth-failure.js';
import { describe, OidcProviderClient } from './oidc-provider-client.js';

const STATE_TTL_SECONDS = 600;
const CODE_TTL_SECONDS = 60;

type Intent = 'sign_in' | 'link' | 'test';

interface StatePayload {
  provider: string;
  intent: Intent;
  appRedirectUri: string;
  /** The app's own PKCE challenge (S256), which the one-time code is bound to. */
  appCodeChallenge: string | null;
  nonce: string;
  codeVerifier: string;
  userId: string | null;
}

interface CodePayload {
  appCodeChallenge: string | null;
}

export interface AppPkce {
  codeChallenge?: string;
  codeChallengeMethod?: string;
}

export type SignInOutcome = Awaited<ReturnType<AuthService['completeFirstFactor']>>;

export interface TestSignInResult {
  provider: string;
  issuer: string;
  subject: string;
  email: string | null;
  email_verified: boolean;
  name: string | null;
  claims: Record<string, unknown>;
}

@Injectable()
export class OAuthFlowService {
  private readonly logger = new Logger(OAuthFlowService.name);

  constructor(
    private readonly providers: ProvidersService,
    private readonly providerRows: ProvidersRepository,
    private readonly settings: AuthSettingsService,
    private readonly challenges: AuthChallengesService,
    private readonly accounts: AccountResolver,
    private readonly users: UsersRepository,
    private readonly auth: AuthService,
    private readonly oidcClient: OidcProviderClient,
    private readonly githubClient: GitHubProviderClient,
    private readonly rateLimiter: RateLimiterService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sign-in: where to send the browser. Bad input is a 400 problem, never a redirect; once the
   * redirect URI is known good, a provider that cannot be reached sends the browser back to
   * the app with `error=provider_unavailable`.
   */
  async start(providerName: string, redirectUri: string, pkce: AppPkce, client: ClientContext): Promise<URL> {
    await this.rateLimiter.consume('oauth-ip', client.ip, this.config.rateLimits.authPerIp);
    const provider = await this.enabledProvider(providerName);
    await this.assertAllowedRedirect(redirectUri);
    const codeChallenge = appChallenge(pkce);
    try {
      return await this.authorize(provider, { intent: 'sign_in', redirectUri, codeChallenge, userId: null });
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      return withParams(redirectUri, { error: error.code, error_description: error.description });
    }
  }

  /** Linking a provider to the signed-in user's account. */
  async startLink(userId: string, providerName: string, redirectUri: string): Promise<URL> {
    const provider = await this.enabledProvider(providerName);
    await this.assertAllowedRedirect(redirectUri);
    return asProblem(this.authorize(provider, { intent: 'link', redirectUri, codeChallenge: null, userId }));
  }

  /** An admin's test sign-in: it ends at the console (or an allowed URL) with a result code. */
  async startTest(providerName: string, redirectUri: string | undefined): Promise<URL> {
    const provider = await this.providers.require(providerName);
    const target = redirectUri ?? this.settings.consoleCallbackUrl();
    await this.assertAllowedRedirect(target);
    return asProblem(
      this.authorize(provider, { intent: 'test', redirectUri: target, codeChallenge: null, userId: null }),
    );
  }

  /**
   * The provider's redirect back. Returns where to send the browser: the app's redirect URI
   * with `code` (or `linked`), or with `error` and `error_description`. An unknown or used
   * state is a 400 problem: there is no trusted place to redirect to.
   */
  async callback(providerName: string, query: Readonly<Record<string, string>>): Promise<URL> {
    const state = query.state;
    const flow = state ? await this.challenges.take<StatePayload>('oauth_state', state) : undefined;
    if (!state || !flow || flow.payload.provider !== providerName) {
      this.logger.warn(`OAuth callback for "${providerName}" with an unknown, used or expired state`);
      throw new AppException(
        ErrorCode.BadRequest,
        'This sign-in link is unknown, already used or expired (invalid_state); start the sign-in again.',
      );
    }
    const { payload } = flow;
    try {
      const identity = await this.finish(providerName, query, { ...payload, state });
      return await this.conclude(payload, identity);
    } catch (error) {
      if (!(error instanceof OAuthFailure)) throw error;
      this.logger.warn(
        `OAuth sign-in through "${providerName}" failed: ${error.code} (${describe(error.detail ?? error)})`,
      );
      return withParams(payload.appRedirectUri, { error: error.code, error_description: error.description });
    }
  }

  /** The one-time code for tokens, or for the MFA step when the account has a second factor. */
  async exchange(code: string, codeVerifier: string | undefined, client: ClientContext): Promise<SignInOutcome> {
    const issued = await this.challenges.take<CodePayload>('oauth_code', code);
    if (!issued?.userId || !verifierMatches(issued.payload.appCodeChallenge, codeVerifier)) {
      throw new AppException(
        ErrorCode.Unauthorized,
        'The sign-in code is not valid: unknown, used, expired, or the code_verifier does not match.',
      );
    }
    const user = await this.users.findById(issued.userId);
    if (!user || user.disabled) throw new AppException(ErrorCode.Unauthorized, 'This account is disabled.');
    return this.auth.completeFirstFactor(user, client);
  }

  /** What the provider asserted in an admin's test sign-in; nothing was created or signed in. */
  async testResult(providerName: string, code: string): Promise<TestSignInResult> {
    const issued = await this.challenges.take<TestSignInResult>('provider_test', code);
    if (!issued || issued.payload.provider !== providerName) {
      throw new AppException(
        ErrorCode.NotFound,
        'There is no test sign-in result for this code (it is used once, for a minute).',
      );
    }
    return issued.payload;
  }

  private async authorize(
    provider: ProviderRow,
    flow: { intent: Intent; redirectUri: string; codeChallenge: string | null; userId: string | null },
  ): Promise<URL> {
    const oidc = await loadOidc();
    const secrets: AuthorizationSecrets = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      codeVerifier: oidc.randomPKCECodeVerifier(),
      redirectUri: callbackUrl(this.config.publicUrl, provider.name),
    };
    const url = await this.clientFor(provider).authorizationUrl(
      provider,
      await this.providerRows.clientSecret(provider),
      secrets,
    );
    const payload: StatePayload = {
      provider: provider.name,
      intent: flow.intent,
      appRedirectUri: flow.redirectUri,
      appCodeChallenge: flow.codeChallenge,
      nonce: secrets.nonce,
      codeVerifier: secrets.codeVerifier,
      userId: flow.userId,
    };
    await this.challenges.issueWithToken(
      'oauth_state',
      secrets.state,
      STATE_TTL_SECONDS,
      payload,
      flow.userId ?? undefined,
    );
    return url;
  }

  private async finish(
    providerName: string,
    query: Readonly<Record<string, string>>,
    flow: StatePayload & { state: string },
  ): Promise<AssertedIdentity> {
    if (query.error !== undefined) {
      const code = query.error === 'access_denied' ? 'access_denied' : 'provider_error';
      throw new OAuthFailure(code, `The provider ended the sign-in: ${query.error}.`, query.error_description);
    }
    const provider = await this.providers.require(providerName);
    const redirectUri = callbackUrl(this.config.publicUrl, provider.name);
    const received = new URL(redirectUri);
    for (const [key, value] of Object.entries(query)) received.searchParams.set(key, value);
    return this.clientFor(provider).finish(provider, await this.providerRows.clientSecret(provider), received, {
      state: flow.state,
      nonce: flow.nonce,
      codeVerifier: flow.codeVerifier,
      redirectUri,
    });
  }

  private async conclude(flow: StatePayload, identity: AssertedIdentity): Promise<URL> {
    if (flow.intent === 'test') {
      const result: TestSignInResult = {
        provider: identity.provider,
        issuer: identity.issuer,
        subject: identity.subject,
        email: identity.email,
        email_verified: identity.emailVerified,
        name: identity.name,
        claims: { ...identity.claims },
      };
      const code = await this.challenges.issue('provider_test', CODE_TTL_SECONDS, result);
      return withParams(flow.appRedirectUri, { code, test: flow.provider });
    }
    if (flow.intent === 'link' && flow.userId) {
      await this.accounts.link(flow.userId, identity);
      return withParams(flow.appRedirectUri, { linked: flow.provider });
    }
    const user = await this.accounts.signInAccount(identity);
    const code = await this.challenges.issue(
      'oauth_code',
      CODE_TTL_SECONDS,
      { appCodeChallenge: flow.appCodeChallenge } satisfies CodePayload,
      user.id,
    );
    return withParams(flow.appRedirectUri, { code });
  }

  private clientFor(provider: ProviderRow): OidcProviderClient | GitHubProviderClient {
    return provider.kind === 'oidc' ? this.oidcClient : this.githubClient;
  }

  private async enabledProvider(name: string): Promise<ProviderRow> {
    const provider = await this.providers.require(name);
    if (!provider.enabled) throw new AppException(ErrorCode.NotFound, `The sign-in provider "${name}" is disabled.`);
    return provider;
  }

  private async assertAllowedRedirect(redirectUri: string): Promise<void> {
    if (await this.settings.isAllowedRedirect(redirectUri)) return;
    throw new AppException(
      ErrorCode.ValidationFailed,
      'The redirect_uri is not on the allowlist; an admin adds exact URLs in the auth settings (oauth_redirect_urls).',
      {
        errors: [
          {
            field: 'redirect_uri',
            code: 'not_allowed',
            message: fieldSentence('redirect_uri', 'is not an allowed redirect URL'),
          },
        ],
      },
    );
  }
}

/** For JSON endpoints: an unreachable provider is a 503 problem. */
async function asProblem(authorizing: Promise<URL>): Promise<URL> {
  try {
    return await authorizing;
  } catch (error) {
    if (!(error instanceof OAuthFailure)) throw error;
    throw new AppException(ErrorCode.ServiceUnavailable, `${error.description.replace(/\.$/, '')} (${error.code}).`);
  }
}

function appChallenge(pkce: AppPkce): string | null {
  if (pkce.codeChallenge === undefined) return null;
  if ((pkce.codeChallengeMethod ?? 'S256') !== 'S256') {
    throw new AppException(ErrorCode.ValidationFailed, 'The code_challenge_method must be S256.', {
      errors: [
        {
          field: 'code_challenge_method',
          code: 'invalid',
          message: fieldSentence('code_challenge_method', 'must be S256'),
        },
      ],
    });
  }
  if (!/^[A-Za-z0-9_-]{43}$/.test(pkce.codeChallenge)) {
    throw new AppException(
      ErrorCode.ValidationFailed,
      'The code_challenge must be a base64url SHA-256 (43 characters).',
      {
        errors: [
          {
            field: 'code_challenge',
            code: 'invalid',
            message: fieldSentence('code_challenge', 'must be a base64url SHA-256 (43 characters)'),
          },
        ],
      },
    );
  }
  return pkce.codeChallenge;
}

/** A code issued without a challenge takes no verifier; one issued with a challenge needs it. */
function verifierMatches(challenge: string | null, verifier: string | undefined): boolean {
  if (challenge === null) return verifier === undefined;
  if (verifier === undefined) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

function withParams(base: string, params: Record<string, string>): URL {
  const url = new URL(base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url;
}
