// Checks on the `values` list shared by select and multi_select: not empty and no duplicates,
// so the enum in the API and the CHECK in the database list the same values once.
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';

export function valuesIssues(values: readonly string[], optionsPath: string): ValidationIssue[] {
  const path = joinPath(optionsPath, 'values');
  if (values.length === 0) return [issue(path, 'empty_values', 'The values must list at least one value.')];
  const issues: ValidationIssue[] = [];
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) {
      issues.push(issue(joinPath(path, index), 'duplicate_values', `"${value}" is listed more than once.`));
    }
  });
  return issues;
}
