// The global ValidationPipe: class-validator DTOs, unknown properties rejected, and failures
// reported as one VALIDATION_FAILED problem listing every field at fault.

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException, type FieldError } from './app-exception.js';
import { ErrorCode } from './error-code.js';

export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, message]) => ({ field, code, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      const fields = [...new Set(fieldErrors.map((e) => e.field))].join(', ');
      return new AppException(ErrorCode.ValidationFailed, `The request is invalid: check ${fields}.`, {
        errors: fieldErrors,
      });
    },
  });
}
