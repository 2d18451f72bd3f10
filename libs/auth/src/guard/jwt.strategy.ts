// Passport strategy for access tokens: HS256 only (so `alg: none` and key confusion fail),
// issuer and audience checked, and then one query confirming the user is still enabled and
// the session still open, so a disabled user or a revoked session loses access at once.

import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { DataSource } from 'typeorm';
import type { Principal, Role } from '../principal.js';
import { JWT_ALGORITHM, type AccessTokenClaims } from '../tokens/access-tokens.service.js';
import { SessionChecksService } from '../sessions/session-checks.service.js';
import { SigningKeyService } from '../tokens/signing-key.service.js';

export const JWT_STRATEGY = 'jwt';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    private readonly dataSource: DataSource,
    private readonly sessionChecks: SessionChecksService,
    signingKey: SigningKeyService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
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

  /** Returning false makes passport answer 401. */
  async validate(claims: Partial<AccessTokenClaims>): Promise<Principal | false> {
    if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') return false;
    const recalled = this.sessionChecks.recall(claims.sid, claims.sub);
    if (recalled) return { kind: 'user', id: claims.sub, role: recalled, sessionId: claims.sid };
    const rows: { role: Role }[] = await this.dataSource.query(
      `SELECT u.role FROM data.users u JOIN stagecraft.sessions s ON s.user_id = u.id
        WHERE u.id = $1 AND s.id = $2 AND NOT u.disabled AND s.revoked_at IS NULL AND s.expires_at > now()`,
      [claims.sub, claims.sid],
    );
    const row = rows[0];
    if (!row) return false;
    this.sessionChecks.remember(claims.sid, claims.sub, row.role);
    return { kind: 'user', id: claims.sub, role: row.role, sessionId: claims.sid };
  }
}
