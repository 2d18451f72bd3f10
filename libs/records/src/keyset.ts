// Keyset (cursor) pagination: the cursor carries the sort-key values of the last record
// returned, and the next page starts strictly after them, so any page costs the same as the
// first. The id is always the last key, so the order is total. NULLs sort as PostgreSQL
// does by default (last when ascending, first when descending). Keys are SQL expressions
// (sort-columns.ts): a column of the row or a related record's field.

import { AppException, ErrorCode } from '@stagecraft/core';
import type { SortKey } from './list-params.js';
import type { SortColumn } from './sort-columns.js';

/** The sort with the row's own `id` last (`author.id` is another record's id). */
export function withTieBreaker(sort: readonly SortKey[]): SortKey[] {
  return sort.some((key) => key.field === 'id') ? [...sort] : [...sort, { field: 'id', descending: false }];
}

export function encodeCursor(values: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function invalidCursor(): AppException {
  return new AppException(
    ErrorCode.ValidationFailed,
    'The cursor is not valid for this query; start again without it.',
    {
      errors: [{ field: 'cursor', code: 'invalid', message: 'The cursor does not match this sort.' }],
    },
  );
}

export function decodeCursor(cursor: string, keys: readonly unknown[]): unknown[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // Key values travel as text (see the list query); anything else was not made by us.
    const wellFormed = (value: unknown): boolean =>
      value === null || (typeof value === 'string' && value.length <= 1000);
    if (Array.isArray(values) && values.length === keys.length && values.every(wellFormed)) return values;
  } catch {
    // reported below
  }
  throw invalidCursor();
}

/** `(a, id) after (va, vid)` expanded per key so mixed directions and NULLs are handled. */
export function afterCursor(keys: readonly SortColumn[], values: readonly unknown[], params: unknown[]): string {
  const column = (key: SortColumn): string => key.sql;
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const equal = (key: SortColumn, value: unknown): string =>
    value === null ? `${column(key)} IS NULL` : `${column(key)} = ${param(value)}`;
  const strictlyAfter = (key: SortColumn, value: unknown): string | null => {
    if (value === null) return key.descending ? `${column(key)} IS NOT NULL` : null; // nothing sorts after NULL ascending
    if (key.descending) return `${column(key)} < ${param(value)}`;
    return !key.nullable
      ? `${column(key)} > ${param(value)}`
      : `(${column(key)} > ${param(value)} OR ${column(key)} IS NULL)`;
  };
  const branches: string[] = [];
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as SortColumn;
    const after = strictlyAfter(key, values[index]);
    if (after === null) continue;
    const prefix = keys.slice(0, index).map((previous, i) => equal(previous, values[i]));
    branches.push([...prefix, after].join(' AND '));
  }
  if (branches.length === 0) return 'false';
  const expanded = `(${branches.map((branch) => `(${branch})`).join(' OR ')})`;
  // The OR above is exact but opaque to the planner; a redundant range on the first key lets
  // an index on it start at the cursor instead of scanning from the top.
  const [first] = keys;
  const start = values[0];
  if (first === undefined || start === null) return expanded;
  if (first.descending) return `${column(first)} <= ${param(start)} AND ${expanded}`;
  return first.nullable ? expanded : `${column(first)} >= ${param(start)} AND ${expanded}`;
}
