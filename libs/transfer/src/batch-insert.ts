// One INSERT per batch of imported rows: every column travels as one array parameter and
// `unnest` turns the arrays back into rows, so a batch of any size is one statement with a
// handful of parameters. A column a row leaves out gets the field's DEFAULT, as in a create.

import type { CompiledCollection, WritableValues } from '@stagecraft/records';
import { fieldTypeOf, quoteIdent } from '@stagecraft/schema';

export interface PreparedRow {
  readonly row: number;
  readonly id: string;
  readonly values: WritableValues;
}

export interface Statement {
  readonly sql: string;
  readonly params: unknown[];
}

export interface ColumnPlan {
  readonly name: string;
  /** SQL of the column's DEFAULT, or null (absent means NULL). */
  readonly defaultSql: string | null;
  /** Array columns (multi-select) cannot be unnested from a 2-D array: they travel as JSON. */
  readonly sqlType: string;
  readonly isArray: boolean;
}

/** The stored columns of the collection in field order (many-to-many links live elsewhere). */
export function columnPlans(collection: CompiledCollection): ColumnPlan[] {
  return [...collection.fields.values()]
    .filter((field) => field.writable && field.sqlType !== undefined && field.kind !== 'many_to_many')
    .map((field) => ({
      name: field.name,
      defaultSql: fieldTypeOf(field.definition).defaultSql(field.definition as never),
      sqlType: field.sqlType as string,
      isArray: (field.sqlType as string).endsWith('[]'),
    }));
}

export function batchInsert(
  collection: CompiledCollection,
  plans: readonly ColumnPlan[],
  rows: readonly PreparedRow[],
  createdBy: string | null,
): Statement {
  const params: unknown[] = [rows.map((row) => row.id), createdBy];
  const arrays = ['$1::uuid[]'];
  const aliases = ['c_id'];
  const targets = ['"id"', '"created_by"'];
  const selected = ['u.c_id', '$2::uuid'];

  plans.forEach((plan, index) => {
    const present = rows.map((row) => row.values.columns.has(plan.name));
    if (!present.includes(true)) return; // left out by every row: the column's DEFAULT applies
    const alias = `c${index}`;
    const values = rows.map((row) => {
      const value = row.values.columns.get(plan.name);
      return plan.isArray && value !== undefined && value !== null ? JSON.stringify(value) : (value ?? null);
    });
    arrays.push(`$${params.push(values)}::${plan.isArray ? 'jsonb[]' : `${plan.sqlType}[]`}`);
    aliases.push(alias);
    let expression = plan.isArray
      ? `CASE WHEN u.${alias} IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(u.${alias}))::${plan.sqlType} END`
      : `u.${alias}`;
    if (plan.defaultSql !== null && present.includes(false)) {
      arrays.push(`$${params.push(present)}::boolean[]`);
      aliases.push(`p${index}`);
      expression = `CASE WHEN u.p${index} THEN ${expression} ELSE ${plan.defaultSql} END`;
    }
    targets.push(quoteIdent(plan.name));
    selected.push(expression);
  });

  return {
    sql: `INSERT INTO "data".${quoteIdent(collection.table)} (${targets.join(', ')})
      SELECT ${selected.join(', ')} FROM unnest(${arrays.join(', ')}) AS u(${aliases.join(', ')})`,
    params,
  };
}

/** Junction rows of the batch's many-to-many fields, one INSERT per field that has links. */
export function linkInserts(collection: CompiledCollection, rows: readonly PreparedRow[]): Statement[] {
  const statements: Statement[] = [];
  for (const field of collection.fields.values()) {
    if (field.kind !== 'many_to_many' || field.junctionTable === undefined) continue;
    const sources: string[] = [];
    const targets: string[] = [];
    for (const row of rows) {
      for (const target of row.values.links.get(field.name) ?? []) {
        sources.push(row.id);
        targets.push(target);
      }
    }
    if (sources.length === 0) continue;
    statements.push({
      sql: `INSERT INTO "data".${quoteIdent(field.junctionTable)} ("source_id", "target_id")
        SELECT * FROM unnest($1::uuid[], $2::uuid[])`,
      params: [sources, targets],
    });
  }
  return statements;
}
