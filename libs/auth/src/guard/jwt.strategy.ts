// Passport strategy for access tokens: HS256 only (so `alg: none` and key confusion fail),
// issuer and audience checked, and then one query confirming the user is still enabled and
// the session still open, so a disabled user or a revoked session loses access at once.
// Checked tokens are remembered (VerifiedTokens), so the guard runs passport for a token's
// first request only; the session check runs on every request either way. The assurance
// level and a pending MFA enrolment come from the signed claims, not from a query.

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { readRows } from '@stagecraft/database';
import { ExtractJwt, Strategy } from 'passport-jwt';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import type { AssuranceLevel, Principal, Role } from '../principal.js';
import { JWT_ALGORITHM } from '../tokens/access-tokens.service.js';
import { SessionChecksService } from '../sessions/session-checks.service.js';
import { SigningKeyService } from '../tokens/signing-key.service.js';
import { VerifiedTokens, type VerifiedClaims } from '../tokens/verified-tokens.js';

export const JWT_STRATEGY = 'jwt';

/** The bearer token of a request, read the same way by passport and the guard's fast path. */
export const extractAccessToken = ExtractJwt.fromAuthHeaderAsBearerToken();

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessionChecks: SessionChecksService,
    private readonly verifiedTokens: VerifiedTokens,
    signingKey: SigningKeyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({
      jwtFromRequest: extractAccessToken,
      passReqToCallback: true,
      secretOrKeyProvider: (_request: unknown, _token: unknown, done: (error: null, key: Buffer) => void) => {
        // passport-jwt's types say string | Buffer, but jsonwebtoken takes a KeyObject as is,
        // which spares it a failed public-key parse per request.
        done(null, signingKey.key as unknown as Buffer);
      },
      algorithms: [JWT_ALGORITHM],
      issuer: config.auth.jwtIssuer,
      audience: config.auth.jwtAudience,
      ignoreExpiration: false,
    });
  }

  /** Called by passport once the token checked out; returning false makes it answer 401. */
  async validate(request: FastifyRequest, claims: VerifiedClaims): Promise<Principal | false> {
    const token = extractAccessToken(request);
    if (token) this.verifiedTokens.remember(token, claims);
    return this.principalFor(claims);
  }

  /** The caller named by checked claims, if the user is enabled and the session open. */
  async principalFor(claims: VerifiedClaims): Promise<Principal | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    const recalled = this.sessionChecks.recall(claims.sid, claims.sub);
    if (recalled) return userPrincipal(claims.sub, claims.sid, recalled, claims);
    // A read retried once on a live connection, so a failover does not sign anyone out.
    const rows = await readRows<{ role: Role }>(
      this.dataSource,
      `SELECT u.role FROM data.users u JOIN stagecraft.sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND NOT u.disabled AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    if (!row) return false;
    this.sessionChecks.remember(claims.sid, claims.sub, row.role);
    return userPrincipal(claims.sub, claims.sid, row.role, claims);
  }
}

function userPrincipal(id: string, sessionId: string, role: Role, claims: VerifiedClaims): Principal {
  // Tokens signed before assurance levels existed carry none: they were one-factor sign-ins.
  const aal: AssuranceLevel = claims.aal === 2 ? 2 : 1;
  const principal: Principal = { kind: 'user', id, role, sessionId, aal };
  return claims.mfa_enrol === true ? { ...principal, mfaEnrolmentRequired: true } : principal;
}
