// @CurrentPrincipal() hands a controller method the caller the guard identified.

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppException, ErrorCode } from '@stagecraft/core';
import type { Principal } from '../principal.js';
import type { AuthenticatedRequest } from './access.guard.js';

export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!principal) throw new AppException(ErrorCode.Unauthorized, 'Sign in to use this endpoint.');
  return principal;
});

/** The caller if credentials were sent, undefined for anonymous callers of public routes. */
export const OptionalPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().user,
);
