// What a new password must be: long enough, not absurdly long (argon2 input stays bounded),
// not one of the most common passwords, and not the account's own email.

import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MAX_LENGTH = 256;

export function checkPassword(password: string, options: { minLength: number; email?: string }): FieldError[] {
  const problems: FieldError[] = [];
  // Counted in code points, so an emoji is one character, as people count it.
  const length = Array.from(password).length;
  if (length < options.minLength) {
    problems.push({
      field: 'password',
      code: 'tooShort',
      message: `password must be at least ${options.minLength} characters long`,
    });
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push({
      field: 'password',
      code: 'tooLong',
      message: `password must be at most ${PASSWORD_MAX_LENGTH} characters long`,
    });
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    problems.push({
      field: 'password',
      code: 'tooCommon',
      message: 'password is one of the most common passwords; choose another',
    });
  }
  if (options.email && lowered === options.email.toLowerCase()) {
    problems.push({ field: 'password', code: 'sameAsEmail', message: 'password must not be the email address' });
  }
  return problems;
}

/** The same check as a 400 VALIDATION_FAILED problem naming `field`. */
export function assertPassword(
  password: string,
  options: { minLength: number; email?: string },
  field = 'password',
): void {
  const problems = checkPassword(password, options).map((problem) => ({
    ...problem,
    field,
    message: problem.message.replace(/^password/, field),
  }));
  if (problems.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, problems.map((problem) => problem.message).join('; '), {
      errors: problems,
    });
  }
}
