// The validation report: every problem found, each with a path into the submitted definition,
// a stable code the console can translate, and a readable message.
export const ISSUE_CODES = [
  'invalid_structure',
  'invalid_id',
  'duplicate_id',
  'invalid_name',
  'reserved_name',
  'system_column_name',
  'duplicate_name',
  'unknown_type',
  'unknown_option',
  'invalid_option',
  'missing_option',
  'option_out_of_range',
  'min_greater_than_max',
  'invalid_pattern',
  'empty_values',
  'duplicate_values',
  'default_not_in_values',
  'invalid_default',
  'read_only_required',
  'relation_target_missing',
  'relation_via_missing',
  'relation_via_invalid',
  'on_delete_conflicts_with_required',
  'system_collection_locked',
  'system_field_locked',
  'system_flag_invalid',
  'field_moved',
  'type_change_unsupported',
  'relation_change_unsupported',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

export interface ValidationIssue {
  /** Where in the submitted definition, e.g. `fields[2].options.max`. */
  path: string;
  code: IssueCode;
  message: string;
}

export function issue(path: string, code: IssueCode, message: string): ValidationIssue {
  return { path, code, message };
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
