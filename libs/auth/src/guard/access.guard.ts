// The global guard: identifies the caller (API key or access token) and enforces the
// route's access declaration. Anonymous callers of protected routes get 401; signed-in
// callers without the role get 403, and so does a session that must enrol a second factor
// first, on every route but the few marked @AllowedBeforeMfaEnrolment().

import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { AppException, databaseUnavailable, ErrorCode, isDatabaseConnectionFailure } from '@stagecraft/core';
import type { FastifyRequest } from 'fastify';
import { ApiKeysService } from '../api-keys/api-keys.service.js';
import type { Principal } from '../principal.js';
import { ACCESS_KEY, BEFORE_MFA_ENROLMENT_KEY, type AccessLevel } from './access.decorator.js';
import { VerifiedTokens } from '../tokens/verified-tokens.js';
import { extractAccessToken, JwtStrategy, JWT_STRATEGY } from './jwt.strategy.js';
import { mfaEnrolmentRequired } from './mfa-enrolment-required.js';

export interface AuthenticatedRequest extends FastifyRequest {
  user?: Principal;
}

const API_KEY_HEADER = 'x-api-key';

@Injectable()
export class AccessGuard extends AuthGuard(JWT_STRATEGY) {
  /**
   * Access levels by controller and handler (a handler can be inherited by controllers that
   * declare different levels): metadata does not change, and reading it is two lookups.
   */
  private readonly accessLevels = new WeakMap<object, Map<object, AccessLevel | undefined>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeysService,
    private readonly jwtStrategy: JwtStrategy,
    private readonly verifiedTokens: VerifiedTokens,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.accessLevelOf(context);
    if (access === undefined) {
      // A programming error, caught by the route-walk test; refuse rather than expose.
      throw new Error(`${context.getClass().name}.${context.getHandler().name} declares no access level`);
    }
    if (access === 'own-credentials') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.identify(context, request);
    // Public routes too: records and realtime are public routes that act as the caller.
    if (principal?.mfaEnrolmentRequired === true) this.assertOpenBeforeEnrolment(context);
    if (access === 'public') return true;
    if (!principal)
      throw new AppException(ErrorCode.Unauthorized, 'Sign in, or send an API key, to use this endpoint.');
    if (access === 'admin' && principal.role !== 'admin') {
      throw new AppException(ErrorCode.Forbidden, 'Only admins may use this endpoint.');
    }
    return true;
  }

  private accessLevelOf(context: ExecutionContext): AccessLevel | undefined {
    const controller = context.getClass();
    const handler = context.getHandler();
    let levels = this.accessLevels.get(controller);
    if (levels === undefined) {
      levels = new Map();
      this.accessLevels.set(controller, levels);
    }
    if (levels.has(handler)) return levels.get(handler);
    const access = this.reflector.getAllAndOverride<AccessLevel | undefined>(ACCESS_KEY, [handler, controller]);
    levels.set(handler, access);
    return access;
  }

  private assertOpenBeforeEnrolment(context: ExecutionContext): void {
    const open = this.reflector.getAllAndOverride<boolean | undefined>(BEFORE_MFA_ENROLMENT_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (open !== true) throw mfaEnrolmentRequired();
  }

  private async identify(context: ExecutionContext, request: AuthenticatedRequest): Promise<Principal | undefined> {
    const headerKey = request.headers[API_KEY_HEADER];
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (typeof headerKey === 'string') {
      request.user = await this.apiKeys.authenticate(headerKey);
    } else if (bearer?.startsWith('sc_')) {
      request.user = await this.apiKeys.authenticate(bearer);
    } else if (request.headers.authorization !== undefined) {
      await this.identifyByAccessToken(context, request);
    }
    return request.user;
  }

  private async identifyByAccessToken(context: ExecutionContext, request: AuthenticatedRequest): Promise<void> {
    const token = extractAccessToken(request);
    const claims = token ? this.verifiedTokens.recall(token) : undefined;
    if (claims === undefined) {
      await super.canActivate(context); // passport-jwt; sets request.user or calls handleRequest with the error
      return;
    }
    request.user = this.handleRequest(null, await this.jwtStrategy.principalFor(claims), undefined);
  }

  override handleRequest<TUser = Principal>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error instanceof AppException) throw error;
    // The session could not be checked: an outage to wait out, not a bad token (a 401 would
    // have clients throw their tokens away).
    if (isDatabaseConnectionFailure(error)) throw databaseUnavailable(error, 'no');
    if (error || !user) {
      const expired = info instanceof Error && info.name === 'TokenExpiredError';
      throw new AppException(
        ErrorCode.Unauthorized,
        expired ? 'The access token has expired; refresh it.' : 'The access token is not valid.',
      );
    }
    return user;
  }
}
