// Sort keys as SQL over a row: a column of the row, or for `relation.field` a scalar subquery
// reading the related record under its collection's view rule (a record the caller may not view
// sorts as NULL, as `expand` shows it as null).

import { AppException } from '@stagecraft/core';
import { quoteIdent } from '@stagecraft/schema';
import { ruleCondition, type RequestScope } from './access.js';
import type { CompiledCollection } from './compiled-collection.js';
import type { SortKey } from './list-params.js';

/** One ORDER BY key: its expression, direction, and whether it can be NULL (for the cursor). */
export interface SortColumn {
  readonly sql: string;
  readonly descending: boolean;
  readonly nullable: boolean;
}

/** Whether a sort key's column can never be NULL (the cursor condition is simpler then). */
export function notNullColumn(collection: CompiledCollection, name: string): boolean {
  if (['id', 'created_at', 'updated_at', 'version'].includes(name)) return true;
  return (collection.fields.get(name)?.definition.options as { required?: boolean } | undefined)?.required === true;
}

/** The target's view rule over `alias`; `false` when the caller may not view the target at all. */
function viewCondition(scope: RequestScope, target: CompiledCollection, params: unknown[], alias: string): string {
  try {
    return ruleCondition(scope, target, 'view', params, { alias });
  } catch (error) {
    if (error instanceof AppException) return 'false';
    throw error;
  }
}

/**
 * The keys of a sort over the row `alias` of `collection`. A related key's view rule puts its
 * values into `params`, so the statement using the columns must use the same array; each
 * expression may then appear several times in it (select list, cursor condition, ORDER BY).
 */
export function sortColumns(
  scope: RequestScope,
  collection: CompiledCollection,
  keys: readonly SortKey[],
  params: unknown[],
  alias = 't',
): SortColumn[] {
  return keys.map((key, index) => {
    const { related } = key;
    if (related === undefined) {
      return {
        sql: `${alias}.${quoteIdent(key.field)}`,
        descending: key.descending,
        nullable: !notNullColumn(collection, key.field),
      };
    }
    const target = scope.schema.collections.get(related.target);
    if (target === undefined) throw new Error(`Relation target ${related.target} is missing from the schema`);
    // A fresh alias per key and outer row: the rule compiler names its own joins r1, r2, ….
    const inner = `${alias}_s${index}`;
    const rule = viewCondition(scope, target, params, inner);
    // By primary key: one index probe per row.
    const sql = `(SELECT ${inner}.${quoteIdent(related.field)} FROM "data".${quoteIdent(target.table)} ${inner}
      WHERE ${inner}.id = ${alias}.${quoteIdent(related.relation)}${rule === 'true' ? '' : ` AND (${rule})`})`;
    return { sql, descending: key.descending, nullable: true };
  });
}

export function orderBy(columns: readonly SortColumn[]): string {
  return columns.map((column) => `${column.sql} ${column.descending ? 'DESC' : 'ASC'}`).join(', ');
}

/** The keys' values, as text, in the select list: `__k0`, `__k1`, … make the next cursor. */
export function cursorKeyColumns(columns: readonly SortColumn[]): string {
  return columns.map((column, index) => `${column.sql}::text AS "__k${index}"`).join(', ');
}
