// Single-use tokens for email links (verify an address, reset a password): 32 random bytes,
// of which the database keeps only the SHA-256, and the one answer for every bad token.

import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import { randomToken, tokenHash } from '../tokens/opaque-token.js';

export type UserTokenPurpose = 'verify_email' | 'reset_password';

export interface IssuedUserToken {
  /** Goes into the link and nowhere else. */
  readonly token: string;
  /** What stagecraft.user_tokens stores. */
  readonly hash: Buffer;
}

const TOKEN_BYTES = 32;

export function newUserToken(): IssuedUserToken {
  const token = randomToken(TOKEN_BYTES);
  return { token, hash: userTokenHash(token) };
}

export function userTokenHash(token: string): Buffer {
  return tokenHash(token);
}

/** Unknown, used, expired or superseded: the same answer, so the response says nothing more. */
export function invalidToken(): AppException {
  return new AppException(ErrorCode.BadRequest, 'The link is invalid, already used or expired; ask for a new one.', {
    errors: [
      { field: 'token', code: 'invalid', message: fieldSentence('token', 'is invalid, already used or expired') },
    ],
  });
}
