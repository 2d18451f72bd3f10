// A webhook's optional condition: the record filter language, checked against each collection
// it listens to when saved, and evaluated by PostgreSQL against the event's record image when
// an event is dispatched, with the same compiler the records API uses for `?filter=`. It sees
// what a non-admin filter sees: hidden and secret fields are not in events, so not in conditions.

import type { FieldError } from '@stagecraft/core';
import type { RecordEvent } from '@stagecraft/events';
import { compileFilter, dataTable, ExpressionError } from '@stagecraft/query';
import type { CompiledSchema } from '@stagecraft/records';
import type { DataSource } from 'typeorm';

/** SQLSTATE classes that mean "this condition cannot be evaluated on this record", not an outage. */
const CONDITION_FAILURE_CLASSES = new Set(['22', '42']);

/**
 * A SQL boolean over the row aliased `t`; throws ExpressionError when it does not compile.
 * `strict` when it is being saved: comparisons that can never match are refused then, while a
 * stored condition is evaluated as it was when saved.
 */
export function compileCondition(
  condition: string,
  collection: string,
  schema: CompiledSchema,
  params: unknown[],
  strict = false,
): string {
  const queryCollection = schema.querySchema.collection(collection);
  if (!queryCollection) throw new ExpressionError('UNKNOWN_FIELD', `The collection "${collection}" does not exist.`);
  return compileFilter(condition, {
    schema: schema.querySchema,
    collection: queryCollection,
    alias: 't',
    params,
    request: { auth: null, body: {} },
    now: new Date(),
    rejectNeverMatching: strict,
  });
}

/** Problems of `condition` against every collection named, as 400 field errors with positions. */
export function conditionProblems(
  condition: string,
  collections: readonly string[],
  schema: CompiledSchema,
): { errors: FieldError[]; position: number | undefined } {
  const errors: FieldError[] = [];
  let position: number | undefined;
  for (const collection of collections) {
    try {
      compileCondition(condition, collection, schema, [], true);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      position ??= error.position;
      // The message names the place already (1-based); `position` is the 0-based offset. The
      // collection leads, labelled, as a condition is checked against each one it listens to.
      errors.push({ field: 'condition', code: error.code, message: `Collection "${collection}": ${error.message}` });
    }
  }
  return { errors, position };
}

/**
 * SELECT that answers whether `record` (a JSON image of a row of `collection`) meets the
 * condition: the image becomes a typed row with jsonb_populate_record, so comparisons work
 * on the real column types. $1 is the image; the condition's values follow.
 */
export function conditionQuery(
  condition: string,
  collection: string,
  schema: CompiledSchema,
  record: Record<string, unknown>,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [record];
  const predicate = compileCondition(condition, collection, schema, params);
  const table = dataTable(schema.querySchema.collection(collection)?.table ?? collection);
  return {
    sql: `SELECT coalesce((${predicate}), false) AS matched FROM jsonb_populate_record(null::${table}, $1::jsonb) t`,
    params,
  };
}

/**
 * Whether the event's record (as it was, for a delete) meets the condition: true, false, or
 * the reason it cannot be evaluated on this record (the schema changed under it, say). An
 * outage is thrown, so the event is tried again.
 */
export async function eventMeetsCondition(
  db: DataSource,
  schema: CompiledSchema,
  condition: string,
  event: RecordEvent,
): Promise<boolean | Error> {
  const image = event.data.action === 'delete' ? event.data.previous : event.data.record;
  if (!image) return false;
  try {
    const { sql, params } = conditionQuery(condition, event.data.collection, schema, image);
    const rows: { matched: boolean }[] = await db.query(sql, params);
    return rows[0]?.matched === true;
  } catch (error) {
    if (error instanceof ExpressionError || CONDITION_FAILURE_CLASSES.has(sqlStateClass(error))) return error as Error;
    throw error;
  }
}

function sqlStateClass(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.slice(0, 2) : '';
}
