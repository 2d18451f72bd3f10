// Option checks shared by date and datetime: a default that is `now` or a literal, bounds in
// order, and a literal default inside the bounds (ajv's formats cannot compare dates).
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import { boundsIssues } from './option-rules.js';

export const NOW = 'now';

export interface DateLikeOptions {
  default?: string;
  min?: string;
  max?: string;
}

export function dateLikeIssues(
  options: DateLikeOptions,
  optionsPath: string,
  isLiteral: (value: string) => boolean,
  expected: string,
): ValidationIssue[] {
  const issues = boundsIssues(optionsPath, options.min, options.max, ['min', 'max'], Date.parse);
  const value = options.default;
  if (value === undefined || value === NOW) return issues;
  const path = joinPath(optionsPath, 'default');
  if (!isLiteral(value))
    return [...issues, issue(path, 'invalid_default', `The default must be "now" or ${expected}.`)];
  const time = Date.parse(value);
  if (options.min !== undefined && time < Date.parse(options.min)) {
    issues.push(issue(path, 'invalid_default', `The default is before the min (${options.min}).`));
  }
  if (options.max !== undefined && time > Date.parse(options.max)) {
    issues.push(issue(path, 'invalid_default', `The default is after the max (${options.max}).`));
  }
  return issues;
}
