// File tokens: short-lived JWTs (FILE_TOKEN_TTL_SECONDS) that let a browser fetch a protected
// file with `?token=` where it cannot send headers (`<img src>`, a download link). A token
// names its caller and one record; it opens that record's files only, and only while the
// caller could still see the record (the view rule is checked on every download) and, for a
// user, while the session it came from is open. Its audience differs from access tokens', so
// neither can stand in for the other.

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { JwtStrategy } from '../guard/jwt.strategy.js';
import type { AssuranceLevel, Principal, Role } from '../principal.js';
import { JWT_ALGORITHM } from './access-tokens.service.js';
import { SigningKeyService } from './signing-key.service.js';

export interface FileScope {
  readonly collectionId: string;
  readonly recordId: string;
}

interface FileTokenClaims {
  sub: string;
  knd: Principal['kind'];
  role: Role;
  sid?: string;
  /** The session's assurance level when the token was issued, so `@request.auth.aal` rules see it. */
  aal?: AssuranceLevel;
  col: string;
  rec: string;
}

@Injectable()
export class FileTokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly signingKey: SigningKeyService,
    private readonly strategy: JwtStrategy,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get audience(): string {
    return `${this.config.auth.jwtAudience}:files`;
  }

  get ttlSeconds(): number {
    return this.config.files.tokenTtlSeconds;
  }

  async issue(principal: Principal, scope: FileScope): Promise<string> {
    const claims: FileTokenClaims = {
      sub: principal.id,
      knd: principal.kind,
      role: principal.role,
      ...(principal.sessionId === undefined ? {} : { sid: principal.sessionId }),
      ...(principal.aal === undefined ? {} : { aal: principal.aal }),
      col: scope.collectionId,
      rec: scope.recordId,
    };
    return this.jwt.signAsync(claims, {
      privateKey: this.signingKey.key,
      algorithm: JWT_ALGORITHM,
      issuer: this.config.auth.jwtIssuer,
      audience: this.audience,
      expiresIn: this.ttlSeconds,
    });
  }

  /** The caller a token names, if it is valid for this record: 401 when it is not valid at all, 403 for another record. */
  async redeem(token: string, scope: FileScope): Promise<Principal> {
    let claims: FileTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<FileTokenClaims>(token, {
        secret: this.signingKey.key as unknown as string,
        algorithms: [JWT_ALGORITHM],
        issuer: this.config.auth.jwtIssuer,
        audience: this.audience,
      });
    } catch (error) {
      const expired = error instanceof Error && error.name === 'TokenExpiredError';
      throw new AppException(
        ErrorCode.Unauthorized,
        expired ? 'The file token has expired; ask for a new one.' : 'The file token is not valid.',
      );
    }
    if (claims.col !== scope.collectionId || claims.rec !== scope.recordId) {
      throw new AppException(ErrorCode.Forbidden, 'The file token was issued for another record.');
    }
    if (claims.knd === 'api_key') return { kind: 'api_key', id: claims.sub, role: claims.role };
    const principal = await this.strategy.principalFor({
      sub: claims.sub,
      sid: claims.sid,
      role: claims.role,
      aal: claims.aal,
    });
    if (!principal) throw new AppException(ErrorCode.Unauthorized, 'The session behind this file token has ended.');
    return principal;
  }
}
