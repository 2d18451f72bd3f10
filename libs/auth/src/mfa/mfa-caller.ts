// The signed-in user behind an MFA request: second factors belong to users and their sessions,
// so API keys are refused, and a deleted or disabled account cannot change its factors.

import { AppException, ErrorCode } from '@stagecraft/core';
import type { Principal } from '../principal.js';
import type { UserRow } from '../users/user.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface MfaCaller {
  readonly user: UserRow;
  readonly sessionId: string;
  readonly aal: 1 | 2;
}

export async function mfaCaller(users: UsersRepository, principal: Principal): Promise<MfaCaller> {
  if (principal.kind !== 'user' || principal.sessionId === undefined) {
    throw new AppException(ErrorCode.Forbidden, 'This endpoint is for signed-in users, not API keys.');
  }
  const user = await users.findById(principal.id);
  if (!user || user.disabled) throw new AppException(ErrorCode.Unauthorized, 'The account no longer exists.');
  return { user, sessionId: principal.sessionId, aal: principal.aal ?? 1 };
}
