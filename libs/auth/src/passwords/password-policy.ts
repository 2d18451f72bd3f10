// What a new password must be: long enough, not absurdly long (argon2 input stays bounded),
// not one of the most common passwords, and not the account's own email.

import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import { COMMON_PASSWORDS } from './common-passwords.js';

export const PASSWORD_MAX_LENGTH = 256;

/** Every way `password` breaks the policy, as errors of `field` worded as sentences. */
export function checkPassword(
  password: string,
  options: { minLength: number; email?: string },
  field = 'password',
): FieldError[] {
  const problems: FieldError[] = [];
  const problem = (code: string, predicate: string): FieldError => ({
    field,
    code,
    message: fieldSentence(field, predicate),
  });
  // Counted in code points, so an emoji is one character, as people count it.
  const length = Array.from(password).length;
  if (length < options.minLength) {
    problems.push(problem('tooShort', `must be at least ${options.minLength} characters long`));
  }
  if (length > PASSWORD_MAX_LENGTH) {
    problems.push(problem('tooLong', `must be at most ${PASSWORD_MAX_LENGTH} characters long`));
  }
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered)) {
    problems.push(problem('tooCommon', 'is one of the most common passwords; choose another'));
  }
  if (options.email && lowered === options.email.toLowerCase()) {
    problems.push(problem('sameAsEmail', 'must not be the email address'));
  }
  return problems;
}

/** The same check as a 400 VALIDATION_FAILED problem naming `field`. */
export function assertPassword(
  password: string,
  options: { minLength: number; email?: string },
  field = 'password',
): void {
  const problems = checkPassword(password, options, field);
  if (problems.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, problems.map((problem) => problem.message).join(' '), {
      errors: problems,
    });
  }
}
