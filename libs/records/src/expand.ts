// `expand`: loads the records that relation fields point at (many-to-one, one-to-many and
// many-to-many, two levels deep) with one query per relation and level, each filtered by the
// target collection's own view rule, and attaches them under `expand.<field>`.

import { AppException, ErrorCode } from '@stagecraft/core';
import { quoteIdent } from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';
import { ruleCondition, type RequestScope } from './access.js';
import type { CompiledCollection } from './compiled-collection.js';
import { toRecord, type RecordData } from './record-row.js';

type Queryable = Pick<EntityManager, 'query'>;

function relationOf(scope: RequestScope, collection: CompiledCollection, name: string) {
  const field = collection.fields.get(name);
  const definition = field?.definition;
  if (
    !field ||
    definition?.type !== 'relation' ||
    // Expandable: relation fields whose value the caller can read, and virtual one-to-many ones.
    (!field.readable && field.kind !== 'virtual')
  ) {
    const valid = [...collection.fields.values()]
      .filter(
        (candidate) => candidate.definition.type === 'relation' && (candidate.readable || candidate.kind === 'virtual'),
      )
      .map((candidate) => candidate.name);
    const message = `"${name}" is not a relation field of "${collection.name}"; expandable: ${valid.join(', ') || '(none)'}.`;
    throw new AppException(ErrorCode.ValidationFailed, `Cannot expand: ${message}`, {
      errors: [{ field: 'expand', code: 'unknown', message }],
    });
  }
  const target = scope.schema.collections.get(definition.options.target);
  if (!target) throw new Error(`Relation target ${definition.options.target} is missing from the compiled schema`);
  return { field, options: definition.options, target };
}

/** Checks that every path names expandable relations (a 400 naming the first that does not), without a query. */
export function checkExpandPaths(
  scope: RequestScope,
  collection: CompiledCollection,
  paths: readonly (readonly string[])[],
): void {
  for (const path of paths) {
    let current = collection;
    for (const name of path) current = relationOf(scope, current, name).target;
  }
}

/** Loads target records by a column matching any of the keys, under the target's view rule. */
async function loadRelated(
  db: Queryable,
  scope: RequestScope,
  target: CompiledCollection,
  column: string,
  keys: readonly string[],
  extraSelect = '',
): Promise<Record<string, unknown>[] | null> {
  if (keys.length === 0) return [];
  const params: unknown[] = [keys];
  let condition: string;
  try {
    condition = ruleCondition(scope, target, 'view', params);
  } catch {
    return null; // the caller may not view the target at all: nothing is expanded
  }
  return db.query(
    `SELECT ${target.selectList}${extraSelect} FROM "data".${quoteIdent(target.table)} t
      WHERE t.${quoteIdent(column)} = ANY($1::uuid[]) AND (${condition})`,
    params,
  );
}

export async function expandRecords(
  db: Queryable,
  scope: RequestScope,
  collection: CompiledCollection,
  records: RecordData[],
  rows: Record<string, unknown>[],
  paths: readonly (readonly string[])[],
): Promise<void> {
  const byFirst = new Map<string, (readonly string[])[]>();
  for (const path of paths) {
    const [first, ...rest] = path;
    if (first === undefined) continue;
    byFirst.set(first, [...(byFirst.get(first) ?? []), ...(rest.length > 0 ? [rest] : [])]);
  }
  for (const [name, nested] of byFirst) {
    const { options, target } = relationOf(scope, collection, name);
    const ids = (key: string): string[] => [
      ...new Set(
        rows.flatMap((row) => (row[key] === null || row[key] === undefined ? [] : [row[key]].flat()) as string[]),
      ),
    ];
    let relatedRows: Record<string, unknown>[] | null;
    if (options.kind === 'one_to_many') {
      relatedRows = await loadRelated(
        db,
        scope,
        target,
        options.via,
        ids('id'),
        `, t.${quoteIdent(options.via)} AS "__via"`,
      );
    } else {
      relatedRows = await loadRelated(db, scope, target, 'id', ids(name));
    }
    if (relatedRows === null) continue;
    const related = relatedRows.map((row) => toRecord(row, target));
    if (nested.length > 0) await expandRecords(db, scope, target, related, relatedRows, nested);
    const byId = new Map(related.map((record) => [record.id, record]));

    records.forEach((record, index) => {
      const row = rows[index] as Record<string, unknown>;
      const expansion = (record.expand ??= {}) as Record<string, unknown>;
      if (options.kind === 'many_to_one') {
        const found = byId.get(row[name] as string);
        if (found) expansion[name] = found;
      } else if (options.kind === 'many_to_many') {
        expansion[name] = ((row[name] as string[] | null) ?? []).flatMap((id) => byId.get(id) ?? []);
      } else {
        expansion[name] = related.filter((_, i) => relatedRows[i]?.__via === record.id);
      }
    });
  }
}
