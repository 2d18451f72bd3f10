// Signs access tokens: short-lived HS256 JWTs naming the user (sub) and the session (sid),
// with issuer and audience that the strategy checks on every request. The session's assurance
// level (aal) and a pending MFA enrolment ride along, so the guard needs no query for them.

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import type { AssuranceLevel, Role } from '../principal.js';
import { SigningKeyService } from './signing-key.service.js';

export const JWT_ALGORITHM = 'HS256';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: Role;
  aal: AssuranceLevel;
  /** Present (true) while the user's role requires MFA and no factor is enrolled yet. */
  mfa_enrol?: true;
}

@Injectable()
export class AccessTokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly signingKey: SigningKeyService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(claims: AccessTokenClaims): Promise<string> {
    return this.jwt.signAsync(claims, {
      privateKey: this.signingKey.key,
      algorithm: JWT_ALGORITHM,
      issuer: this.config.auth.jwtIssuer,
      audience: this.config.auth.jwtAudience,
      expiresIn: this.config.auth.accessTokenTtlSeconds,
    });
  }

  get ttlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }
}
