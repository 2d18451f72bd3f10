// The validation report: every problem found, each with a path into the submitted definition,
// a stable code the console can translate, and a message that is a sentence for a person.
import { asSentence } from '@stagecraft/core';

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

/** A problem whose message is a sentence of its own ("The collection "authors" does not exist."). */
export function issue(path: string, code: IssueCode, message: string): ValidationIssue {
  return { path, code, message };
}

/**
 * A problem worded from the name of the value at `path` and what it must be: `fields[2].options.min`
 * and "must be a number" make "Min must be a number.". The path itself says where, in `path`.
 */
export function valueIssue(path: string, code: IssueCode, predicate: string): ValidationIssue {
  return issue(path, code, asSentence(`${pathLabel(path)} ${predicate}`));
}

/** The last step of a path as people say it: `maxFiles` → "Max files", `values[1]` → "Item 2 of values". */
export function pathLabel(path: string): string {
  const last = path.slice(path.lastIndexOf('.') + 1);
  const item = /^(.*)\[(\d+)\]$/.exec(last);
  if (item) return `Item ${Number(item[2]) + 1} of ${words(item[1] ?? '') || 'the list'}`;
  const label = words(last);
  return label === '' ? 'The value' : label.charAt(0).toUpperCase() + label.slice(1);
}

/** `maxFiles`, `max_files` → "max files". */
function words(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase();
}

export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}
