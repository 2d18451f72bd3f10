// CHECK predicates shared by several types (lengths, patterns, ranges), each a function of the
// quoted column so the planner can compare checks across column renames.
import { quoteLiteral } from '../sql/quote-literal.js';
import type { LengthOptions } from '../metadata/field-options.js';
import type { CheckSpec } from './field-type-definition.js';

export function lengthChecks(options: LengthOptions): CheckSpec[] {
  const checks: CheckSpec[] = [];
  const { minLength, maxLength, pattern } = options;
  if (minLength !== undefined && minLength > 0) {
    checks.push({ kind: 'minlen', predicate: (c) => `char_length(${c}) >= ${minLength}` });
  }
  if (maxLength !== undefined) {
    checks.push({ kind: 'maxlen', predicate: (c) => `char_length(${c}) <= ${maxLength}` });
  }
  if (pattern !== undefined) checks.push({ kind: 'pattern', predicate: (c) => `${c} ~ ${quoteLiteral(pattern)}` });
  return checks;
}

/**
 * A required text holds more than whitespace: empty or blank is as good as missing. In the
 * value schema it is NOT_BLANK_PATTERN (an unanchored search for one non-space character); in
 * PostgreSQL the same regular expression.
 */
export const NOT_BLANK_PATTERN = '\\S';

export const notBlankCheck: CheckSpec = {
  kind: 'notblank',
  predicate: (c) => `${c} ~ ${quoteLiteral(NOT_BLANK_PATTERN)}`,
};

/** `min`/`max` checks over literals already rendered as SQL. */
export function rangeChecks(min: string | null, max: string | null): CheckSpec[] {
  const checks: CheckSpec[] = [];
  if (min !== null) checks.push({ kind: 'min', predicate: (c) => `${c} >= ${min}` });
  if (max !== null) checks.push({ kind: 'max', predicate: (c) => `${c} <= ${max}` });
  return checks;
}
