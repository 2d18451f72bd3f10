// The refusal a session gets while its role requires a second factor it has not set up yet;
// shared by the HTTP guard and the WebSocket authenticator so both say the same.

import { AppException, ErrorCode } from '@stagecraft/core';

export function mfaEnrolmentRequired(): AppException {
  return new AppException(
    ErrorCode.MfaEnrollmentRequired,
    'Your role must use a second factor: set one up (POST /auth/mfa/totp or /auth/mfa/passkeys/options) before using this endpoint.',
  );
}
