// Resolves a field reference against metadata, following relation hops, and wraps a
// predicate in the correlated EXISTS subquery those hops need.

import { segmentPosition, type FieldReference } from './ast.js';
import { ExpressionError } from './expression-error.js';
import type { QueryCollection, QueryField, QuerySchema, StorageKind } from './query-schema.js';
import { dataTable, quoteIdent } from './quote-ident.js';

/** One table joined on the way to the compared column; `on` links it to the previous one. */
export interface JoinStep {
  readonly table: string;
  readonly alias: string;
  readonly on: string;
}

export interface ResolvedField {
  /** Tables to pass through, outermost first; empty for a column of the outer row. */
  readonly steps: readonly JoinStep[];
  /** The compared column, e.g. `"r1"."email"`. */
  readonly ref: string;
  /** The last field of the path, whose operators apply. */
  readonly field: QueryField;
  readonly storage: StorageKind;
  /** The path as written, for messages. */
  readonly label: string;
  /** The path ends on a one_to_many / many_to_many field: it stands for the related ids. */
  readonly relatedIds: boolean;
  /** The collection whose record ids the value holds (a relation's target, or the row's own id). */
  readonly identifies: string | undefined;
}

export interface PathScope {
  readonly schema: QuerySchema;
  readonly collection: QueryCollection;
  /** Quoted alias of the outer row. */
  readonly alias: string;
  /** A fresh quoted alias (r1, r2, …) for each joined table. */
  allocateAlias(): string;
  /** Extra join condition limiting a target collection's rows (its view rule), if any. */
  joinFilter(target: QueryCollection, alias: string): string | undefined;
}

/** `on`, narrowed to the rows of `target` the scope lets the path reach. */
function restricted(on: string, scope: PathScope, target: QueryCollection, alias: string): string {
  const filter = scope.joinFilter(target, alias);
  return filter === undefined ? on : `${on} AND (${filter})`;
}

const ID = quoteIdent('id');

export function resolveField(node: FieldReference, scope: PathScope): ResolvedField {
  const label = node.path.join('.');
  const steps: JoinStep[] = [];
  let collection = scope.collection;
  let alias = scope.alias;
  for (const [index, name] of node.path.entries()) {
    const position = segmentPosition(node, index);
    const field = lookupField(collection, name, position, index > 0);
    const relation = field.relation;
    const last = index === node.path.length - 1;
    if (last) {
      if (relation === undefined || relation.kind === 'many_to_one') {
        const ref = `${alias}.${quoteIdent(field.column)}`;
        const identifies = relation?.target ?? (field.recordId === true ? collection.name : undefined);
        return { steps, ref, field, storage: field.storage, label, relatedIds: false, identifies };
      }
      // A to-many field compared as a whole means "the ids of the related records".
      if (relation.kind === 'many_to_many') {
        const junction = scope.allocateAlias();
        steps.push({
          table: dataTable(relation.junctionTable),
          alias: junction,
          on: `${junction}.${quoteIdent(relation.sourceColumn)} = ${alias}.${ID}`,
        });
        const ref = `${junction}.${quoteIdent(relation.targetColumn)}`;
        return { steps, ref, field, storage: 'uuid', label, relatedIds: true, identifies: relation.target };
      }
      const target = targetOf(field, relation.target, scope.schema, position);
      const related = scope.allocateAlias();
      const on = `${related}.${quoteIdent(relation.foreignColumn)} = ${alias}.${ID}`;
      steps.push({ table: dataTable(target.table), alias: related, on: restricted(on, scope, target, related) });
      const ref = `${related}.${ID}`;
      return { steps, ref, field, storage: 'uuid', label, relatedIds: true, identifies: relation.target };
    }
    if (relation === undefined) {
      throw new ExpressionError(
        'NOT_A_RELATION',
        `"${name}" at character ${position + 1} is not a relation, so "${label}" cannot be followed.`,
        position,
      );
    }
    const target = targetOf(field, relation.target, scope.schema, position);
    const next = scope.allocateAlias();
    const table = dataTable(target.table);
    switch (relation.kind) {
      case 'many_to_one':
        steps.push({
          table,
          alias: next,
          on: restricted(`${next}.${ID} = ${alias}.${quoteIdent(field.column)}`, scope, target, next),
        });
        break;
      case 'one_to_many':
        steps.push({
          table,
          alias: next,
          on: restricted(`${next}.${quoteIdent(relation.foreignColumn)} = ${alias}.${ID}`, scope, target, next),
        });
        break;
      case 'many_to_many': {
        const related = scope.allocateAlias();
        steps.push(
          {
            table: dataTable(relation.junctionTable),
            alias: next,
            on: `${next}.${quoteIdent(relation.sourceColumn)} = ${alias}.${ID}`,
          },
          {
            table,
            alias: related,
            on: restricted(`${related}.${ID} = ${next}.${quoteIdent(relation.targetColumn)}`, scope, target, related),
          },
        );
        break;
      }
    }
    alias = steps[steps.length - 1]?.alias ?? alias;
    collection = target;
  }
  // The parser never produces an empty path; a hand-built AST might.
  throw new ExpressionError('SYNTAX', `Empty field path at character ${node.position + 1}.`, node.position);
}

/**
 * `EXISTS (SELECT 1 FROM first JOIN … WHERE first.link AND predicate)`: true when at least
 * one related row satisfies the predicate.
 */
export function wrapInExists(steps: readonly JoinStep[], predicate: string): string {
  const first = steps.at(0);
  if (first === undefined) return predicate;
  const joins = steps
    .slice(1)
    .map((step) => ` JOIN ${step.table} ${step.alias} ON ${step.on}`)
    .join('');
  return `EXISTS (SELECT 1 FROM ${first.table} ${first.alias}${joins} WHERE ${first.on} AND ${predicate})`;
}

/** Fields a caller may filter on, as listed in error messages. */
export function filterableNames(collection: QueryCollection): string {
  const names = [...collection.fields.values()].filter((field) => field.filterable).map((field) => field.name);
  return names.length > 0 ? names.join(', ') : '(none)';
}

function lookupField(collection: QueryCollection, name: string, position: number, viaRelation: boolean): QueryField {
  const field = collection.fields.get(name);
  if (field === undefined) {
    const where = viaRelation ? ` on "${collection.name}"` : '';
    throw new ExpressionError(
      'UNKNOWN_FIELD',
      `Unknown field "${name}" at character ${position + 1}${where}; valid fields: ${filterableNames(collection)}.`,
      position,
    );
  }
  if (!field.filterable) {
    throw new ExpressionError(
      'NOT_FILTERABLE',
      `Field "${name}" at character ${position + 1} cannot be used in filters.`,
      position,
    );
  }
  return field;
}

function targetOf(field: QueryField, target: string, schema: QuerySchema, position: number): QueryCollection {
  const collection = schema.collection(target);
  if (collection === undefined) {
    // Metadata out of step with itself; still reported as an expression error so nothing else escapes.
    throw new ExpressionError(
      'UNKNOWN_FIELD',
      `Relation "${field.name}" at character ${position + 1} points at collection "${target}", which does not exist.`,
      position,
    );
  }
  return collection;
}
