// Rules for collection and field names, shared by the validator and the planner's identifier
// quoting so that a name the validator accepts is always safe to put in DDL.
import { API_RESERVED_NAMES, POSTGRES_RESERVED_WORDS } from './reserved-words.js';
import { isSystemColumnName } from './system-columns.js';

export const NAME_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export type NameProblem = 'invalid_name' | 'reserved_name' | 'system_column_name';

/** The first problem with a collection or field name, or null when it is acceptable. */
export function nameProblem(name: string, kind: 'collection' | 'field'): NameProblem | null {
  if (!NAME_PATTERN.test(name)) return 'invalid_name';
  if (POSTGRES_RESERVED_WORDS.has(name) || API_RESERVED_NAMES.has(name)) return 'reserved_name';
  if (kind === 'field' && isSystemColumnName(name)) return 'system_column_name';
  // A table "x_pkey" would collide with the primary-key index of a table "x".
  if (kind === 'collection' && name.endsWith('_pkey')) return 'reserved_name';
  return null;
}
