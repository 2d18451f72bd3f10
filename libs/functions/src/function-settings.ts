// A function's settings checked against this instance's limits, every problem reported with its
// path (`settings.timeout_ms`), before anything is written: for one deploy (FunctionsService)
// and for a schema document's functions, all checked before any is changed.

import type { AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, type FieldError } from '@stagecraft/core';
import { SECRET_NAME } from './function-secrets.service.js';
import type { FunctionSettings } from './function.types.js';

export const MIN_TIMEOUT_MS = 10;
export const MIN_MEMORY_MB = 8;

/** A host name, or `*.` and a domain for its subdomains. */
const HOST_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

type Limits = Pick<AppConfig['functions'], 'maxTimeoutMs' | 'maxMemoryMb'>;

function rangeProblem(field: string, value: number, min: number, max: number, setting: string): FieldError[] {
  if (Number.isInteger(value) && value >= min && value <= max) return [];
  return [{ field, code: 'range', message: `between ${min} and ${max} (${setting})` }];
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
    ...patternProblems('settings.secrets', settings.secrets, SECRET_NAME, `must match ${SECRET_NAME.source}`),
    ...patternProblems(
      'settings.allowed_hosts',
      settings.allowed_hosts,
      HOST_PATTERN,
      'a lower-case host name, or *. and a domain for its subdomains',
    ),
  ];
  if (typeof settings.run_as_admin !== 'boolean') {
    errors.push({ field: 'settings.run_as_admin', code: 'type', message: 'true or false' });
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
