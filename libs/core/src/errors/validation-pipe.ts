// The global ValidationPipe: class-validator DTOs, unknown properties rejected, NUL characters
// refused (PostgreSQL cannot store them), and failures reported as one VALIDATION_FAILED
// problem listing every field at fault. Bodies reach it measured (common/json-body.ts): their
// depth is capped before class-transformer walks them recursively.

import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppException, type FieldError } from './app-exception.js';
import { ErrorCode } from './error-code.js';
import { fieldSentence } from './field-messages.js';
import { validatorMessage } from './validator-messages.js';

/** Every failed constraint as `{ field, code, message }`: the code is the constraint's name, the message a sentence. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([code, fallback]) => ({
      field,
      code,
      message: validatorMessage(error, field, code, fallback),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** Paths (`name`, `fields.0.name`) of every string or key holding a NUL; iterative. */
export function nulPaths(value: unknown): string[] {
  const found: string[] = [];
  const pending: { value: unknown; path: string }[] = [{ value, path: '' }];
  const join = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value === 'string') {
      if (next.value.includes('\u0000')) found.push(next.path || 'body');
    } else if (typeof next.value === 'object' && next.value !== null) {
      for (const [key, item] of Object.entries(next.value)) {
        const path = join(next.path, key);
        if (key.includes('\u0000')) found.push(path);
        else pending.push({ value: item, path });
      }
    }
  }
  return found.reverse();
}

class ProblemValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom' && this.toValidate(metadata)) {
      // A DTO describes an object: `null`, an array or a scalar would pass an all-optional one.
      if (
        metadata.type === 'body' &&
        value !== undefined &&
        (typeof value !== 'object' || value === null || Array.isArray(value))
      ) {
        throw new AppException(ErrorCode.ValidationFailed, 'The body must be a JSON object.', {
          errors: [{ field: 'body', code: 'type', message: 'The body must be a JSON object.' }],
        });
      }
      const fields = nulPaths(value);
      if (fields.length > 0) {
        throw new AppException(
          ErrorCode.ValidationFailed,
          `Values cannot contain NUL characters: ${fields.join(', ')}.`,
          {
            errors: fields.map((field) => ({
              field,
              code: 'nul',
              message: fieldSentence(field, 'contains a NUL character'),
            })),
          },
        );
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ProblemValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    // The messages need each constraint's arguments, which the DTO's metadata holds: found
    // through the error's target. Only the flattened { field, code, message } leave here.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => {
      const fieldErrors = flattenValidationErrors(errors);
      const fields = [...new Set(fieldErrors.map((e) => e.field))].join(', ');
      return new AppException(ErrorCode.ValidationFailed, `The request is invalid: check ${fields}.`, {
        errors: fieldErrors,
      });
    },
  });
}
