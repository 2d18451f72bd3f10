// Semantic option checks shared by several types: ordered bounds, lengths, portable patterns,
// and a default that must itself be a valid value of the field.
import type { ErrorObject } from 'ajv';
import type { JsonValue, LengthOptions } from '../metadata/field-options.js';
import type { JsonSchema } from '../json-schema/json-schema.js';
import { ajv } from '../json-schema/ajv-instance.js';
import { ajvPredicate } from '../json-schema/ajv-wording.js';
import { issue, joinPath, type IssueCode, type ValidationIssue } from '../validation/validation-issue.js';
import { portablePatternProblem } from './portable-pattern.js';

/** `min` ≤ `max`; string bounds (dates) are compared through `toNumber`. */
export function boundsIssues<T extends number | string>(
  optionsPath: string,
  min: T | undefined,
  max: T | undefined,
  names: readonly [string, string] = ['min', 'max'],
  toNumber: (value: T) => number = Number,
): ValidationIssue[] {
  if (min === undefined || max === undefined || toNumber(min) <= toNumber(max)) return [];
  return [
    issue(
      joinPath(optionsPath, names[0]),
      'min_greater_than_max',
      `The ${names[0]} (${String(min)}) is greater than the ${names[1]} (${String(max)}).`,
    ),
  ];
}

export function lengthIssues(options: LengthOptions, optionsPath: string): ValidationIssue[] {
  const issues = boundsIssues(optionsPath, options.minLength, options.maxLength, ['minLength', 'maxLength']);
  if (options.pattern !== undefined) {
    const problem = portablePatternProblem(options.pattern);
    if (problem !== null) {
      issues.push(
        issue(joinPath(optionsPath, 'pattern'), 'invalid_pattern', `The pattern cannot be used: ${problem}.`),
      );
    }
  }
  return issues;
}

/** The default, when present, must pass the field's own value schema. */
export function defaultIssues(
  value: JsonValue | undefined,
  valueSchema: JsonSchema,
  optionsPath: string,
  code: IssueCode = 'invalid_default',
): ValidationIssue[] {
  if (value === undefined) return [];
  const validate = ajv.compile(valueSchema);
  const valid = validate(value);
  const message = defaultMessage(validate.errors?.[0]);
  // Value schemas are built per call; evict them so a long-running server does not accumulate them.
  ajv.removeSchema(valueSchema);
  return valid ? [] : [issue(joinPath(optionsPath, 'default'), code, message)];
}

/** Why a default is not a valid value, worded like a record value's message: "The default must be a number." */
function defaultMessage(error: ErrorObject | undefined): string {
  const predicate = error
    ? (ajvPredicate(error) ?? `is not valid (${error.message ?? error.keyword})`)
    : 'is not valid';
  const item = /^\/(\d+)$/.exec(error?.instancePath ?? '');
  return `${item ? `Item ${Number(item[1]) + 1} of the default` : 'The default'} ${predicate}.`;
}
