// Identifies a caller from credentials outside the guard's request pipeline: a WebSocket
// upgrade, a token sent as a WebSocket message, a realtime ticket's origin. Same checks as the
// guard (HS256 with issuer and audience, open session, enabled user; or an API key), and it
// also tells when the credential stops being valid, so a long-lived connection can end then.

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import type { Principal } from '../principal.js';
import { JWT_ALGORITHM } from '../tokens/access-tokens.service.js';
import { SigningKeyService } from '../tokens/signing-key.service.js';
import type { VerifiedClaims } from '../tokens/verified-tokens.js';
import { JwtStrategy } from './jwt.strategy.js';
import { mfaEnrolmentRequired } from './mfa-enrolment-required.js';

export interface AuthenticatedCaller {
  readonly principal: Principal;
  /** When the access token expires (ms since the epoch); undefined for API keys. */
  readonly expiresAt?: number;
}

export interface CallerCredentials {
  readonly authorization?: string;
  readonly apiKey?: string;
}

@Injectable()
export class CallerAuthenticator {
  constructor(
    private readonly jwt: JwtService,
    private readonly signingKey: SigningKeyService,
    private readonly strategy: JwtStrategy,
    private readonly apiKeys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The caller the credentials name; undefined when there are none; a 401 when they are bad. */
  async fromCredentials(credentials: CallerCredentials): Promise<AuthenticatedCaller | undefined> {
    if (credentials.apiKey !== undefined) return { principal: await this.apiKeys.authenticate(credentials.apiKey) };
    if (credentials.authorization === undefined) return undefined;
    const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization)?.[1];
    if (bearer === undefined) throw invalidToken();
    if (bearer.startsWith('sc_')) return { principal: await this.apiKeys.authenticate(bearer) };
    return this.fromAccessToken(bearer);
  }

  /** An access token (not an API key) with its expiry. */
  async fromAccessToken(token: string): Promise<AuthenticatedCaller> {
    let claims: VerifiedClaims;
    try {
      claims = await this.jwt.verifyAsync<VerifiedClaims & object>(token, {
        secret: this.signingKey.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
        issuer: this.config.auth.jwtIssuer,
        audience: this.config.auth.jwtAudience,
      });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw expired
        ? new AppException(ErrorCode.Unauthorized, 'The access token has expired; refresh it.')
        : invalidToken();
    }
    const principal = await this.strategy.principalFor(claims);
    if (!principal) throw invalidToken();
    if (principal.mfaEnrolmentRequired === true) throw mfaEnrolmentRequired();
    return { principal, expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : undefined };
  }
}

function invalidToken(): AppException {
  return new AppException(ErrorCode.Unauthorized, 'The access token is not valid.');
}
