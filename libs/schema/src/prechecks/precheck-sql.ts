// Pure builders of the data pre-checks the runner executes (inside its transaction) before some
// DDL, so a change that existing records would break answers 409 naming them instead of failing.
import { qualifiedTable, quoteIdent } from '../sql/quote-ident.js';

export const PRECHECK_SAMPLE_SIZE = 5;

/** Every pre-check returns exactly one row of this shape; `count` 0 means the action is safe. */
export interface PrecheckResult {
  count: number;
  /** The first offending records, by id: their id and the offending value as text. */
  sample: { id: string; value: string | null }[];
}

function sampleJson(from: string, order: string): string {
  return `(SELECT coalesce(jsonb_agg(jsonb_build_object('id', s."id", 'value', s."value") ORDER BY ${order}), '[]'::jsonb) FROM (${from}) AS s) AS "sample"`;
}

/** Rows matching `predicate`: how many, and the first few with `valueSql` as their value. */
export function buildOffendingRowsSql(
  table: string,
  predicate: string,
  valueSql: string,
  limit = PRECHECK_SAMPLE_SIZE,
): string {
  const from = qualifiedTable(table);
  const count = `(SELECT count(*)::int FROM ${from} WHERE ${predicate}) AS "count"`;
  const sample = `SELECT "id", ${valueSql} AS "value" FROM ${from} WHERE ${predicate} ORDER BY "id" LIMIT ${limit}`;
  return `SELECT ${count}, ${sampleJson(sample, 's."id"')}`;
}

/** A column about to become NOT NULL: the records without a value. */
export function buildNullRowsPrecheckSql(table: string, column: string, limit = PRECHECK_SAMPLE_SIZE): string {
  return buildOffendingRowsSql(table, `${quoteIdent(column)} IS NULL`, 'NULL::text', limit);
}

/** A new NOT NULL column without a default: every existing record would lack a value. */
export function buildExistingRowsPrecheckSql(table: string, limit = PRECHECK_SAMPLE_SIZE): string {
  return buildOffendingRowsSql(table, 'true', 'NULL::text', limit);
}

/** A type change: the rows `failsWhen` (a predicate over the old column) says the cast rejects. */
export function buildCastPrecheckSql(
  table: string,
  column: string,
  failsWhen: string,
  limit = PRECHECK_SAMPLE_SIZE,
): string {
  const quoted = quoteIdent(column);
  return buildOffendingRowsSql(table, `${quoted} IS NOT NULL AND (${failsWhen})`, `${quoted}::text`, limit);
}

/** A new CHECK: the rows it would reject (a CHECK passes when its expression is null, as NOT does). */
export function buildCheckPrecheckSql(
  table: string,
  column: string,
  expression: string,
  limit = PRECHECK_SAMPLE_SIZE,
): string {
  return buildOffendingRowsSql(table, `NOT (${expression})`, `${quoteIdent(column)}::text`, limit);
}

/** A new UNIQUE: `count` is the number of repeated values; the sample lists rows sharing them. */
export function buildDuplicatePrecheckSql(table: string, column: string, limit = PRECHECK_SAMPLE_SIZE): string {
  const from = qualifiedTable(table);
  const c = quoteIdent(column);
  const repeated = `SELECT ${c} FROM ${from} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1`;
  const count = `(SELECT count(*)::int FROM (${repeated}) AS g) AS "count"`;
  const sample =
    `SELECT "id", ${c}::text AS "value", row_number() OVER (ORDER BY ${c}, "id") AS "n" ` +
    `FROM ${from} WHERE ${c} IN (${repeated}) ORDER BY ${c}, "id" LIMIT ${limit}`;
  return `SELECT ${count}, ${sampleJson(sample, 's."n"')}`;
}
