// Turns a name problem into a report entry whose message says what would be accepted, so the
// console can show it next to the input without translating codes itself.
import { nameProblem } from '../metadata/names.js';
import { issue, valueIssue, type ValidationIssue } from './validation-issue.js';

const MESSAGES = {
  invalid_name: 'must start with a lowercase letter and contain only a-z, 0-9 and _ (at most 63 characters)',
  reserved_name: 'is a reserved word',
  system_column_name: 'is a system column (id, created_at, updated_at, created_by, version)',
} as const;

export function nameIssues(value: unknown, path: string, kind: 'collection' | 'field'): ValidationIssue[] {
  if (typeof value !== 'string') return [valueIssue(path, 'invalid_name', 'must be text')];
  const problem = nameProblem(value, kind);
  return problem === null ? [] : [issue(path, problem, `"${value}" ${MESSAGES[problem]}.`)];
}
