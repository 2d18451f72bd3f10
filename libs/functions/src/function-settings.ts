// A function's settings checked against this instance's limits, every problem reported with its
// path (`settings.timeout_ms`), before anything is written: for one deploy (FunctionsService)
// and for a schema document's functions, all checked before any is changed.

import type { AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import { SECRET_NAME } from './function-secrets.service.js';
import type { FunctionSettings } from './function.types.js';

export const MIN_TIMEOUT_MS = 10;
export const MIN_MEMORY_MB = 8;

/** A host name, or `*.` and a domain for its subdomains. */
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

type Limits = Pick<AppConfig['functions'], 'maxTimeoutMs' | 'maxMemoryMb'>;

function rangeProblem(field: string, value: number, min: number, max: number, setting: string): FieldError[] {
  if (Number.isInteger(value) && value >= min && value <= max) return [];
  return [
    {
      field,
      code: 'range',
      message: fieldSentence(field, `must be a whole number from ${min} to ${max} (${setting})`),
    },
  ];
}

function patternProblems(field: string, values: readonly string[], pattern: RegExp, message: string): FieldError[] {
  return values.flatMap((value, index) =>
    typeof value === 'string' && pattern.test(value) ? [] : [{ field: `${field}[${index}]`, code: 'pattern', message }],
  );
}

/** The settings as stored (lists without repeats), or a 400 listing every problem. */
export function checkedSettings(settings: FunctionSettings, limits: Limits): FunctionSettings {
  const errors = [
    ...rangeProblem(
      'settings.timeout_ms',
      settings.timeout_ms,
      MIN_TIMEOUT_MS,
      limits.maxTimeoutMs,
      'FUNCTIONS_MAX_TIMEOUT_MS',
    ),
    ...rangeProblem(
      'settings.memory_mb',
      settings.memory_mb,
      MIN_MEMORY_MB,
      limits.maxMemoryMb,
      'FUNCTIONS_MAX_MEMORY_MB',
    ),
    ...patternProblems(
      'settings.secrets',
      settings.secrets,
      SECRET_NAME,
      'Each secret name must be upper-case letters, digits and _, starting with a letter.',
    ),
    ...patternProblems(
      'settings.allowed_hosts',
      settings.allowed_hosts,
      HOST_PATTERN,
      'Each allowed host must be a lower-case host name, or *. and a domain for its subdomains.',
    ),
  ];
  if (typeof settings.run_as_admin !== 'boolean') {
    errors.push({
      field: 'settings.run_as_admin',
      code: 'type',
      message: fieldSentence('settings.run_as_admin', 'must be true or false'),
    });
  }
  if (errors.length > 0) throw new AppException(ErrorCode.ValidationFailed, 'The function is not valid.', { errors });
  return {
    timeout_ms: settings.timeout_ms,
    memory_mb: settings.memory_mb,
    secrets: [...new Set(settings.secrets)],
    run_as_admin: settings.run_as_admin,
    allowed_hosts: [...new Set(settings.allowed_hosts)],
  };
}
