// The query compiler's view of collection metadata: system fields, every field with its
// storage and operators, relations as joins. Used for filters, access rules, and to check
// rules when they are saved.

import {
  compileExpression,
  parseExpression,
  type Expression,
  type Operator,
  type QueryCollection,
  type QueryField,
  type QuerySchema,
} from '@stagecraft/query';
import {
  fieldOperators,
  fieldStorage,
  objectNames,
  USERS_COLLECTION,
  type CollectionDefinition,
  type FieldDefinition,
} from '@stagecraft/schema';

const SYSTEM_QUERY_FIELDS: readonly QueryField[] = [
  {
    name: 'id',
    column: 'id',
    storage: 'uuid',
    operators: new Set<Operator>(['=', '!=', 'in', '!in']),
    filterable: true,
    recordId: true,
  },
  {
    name: 'created_at',
    column: 'created_at',
    storage: 'timestamptz',
    operators: new Set<Operator>(['=', '!=', '>', '>=', '<', '<=']),
    filterable: true,
  },
  {
    name: 'updated_at',
    column: 'updated_at',
    storage: 'timestamptz',
    operators: new Set<Operator>(['=', '!=', '>', '>=', '<', '<=']),
    filterable: true,
  },
  {
    name: 'created_by',
    column: 'created_by',
    storage: 'uuid',
    operators: new Set<Operator>(['=', '!=', 'in', '!in']),
    filterable: true,
    relation: { kind: 'many_to_one', target: USERS_COLLECTION },
  },
  {
    name: 'version',
    column: 'version',
    storage: 'integer',
    operators: new Set<Operator>(['=', '!=', '>', '>=', '<', '<=']),
    filterable: true,
  },
];

function queryField(field: FieldDefinition, admin: boolean): QueryField {
  const hidden = 'hidden' in field.options && field.options.hidden === true;
  const relation =
    field.type !== 'relation'
      ? undefined
      : field.options.kind === 'many_to_one'
        ? { kind: 'many_to_one' as const, target: field.options.target }
        : field.options.kind === 'one_to_many'
          ? { kind: 'one_to_many' as const, target: field.options.target, foreignColumn: field.options.via }
          : {
              kind: 'many_to_many' as const,
              target: field.options.target,
              junctionTable: objectNames.junctionTable(field.id),
              sourceColumn: 'source_id',
              targetColumn: 'target_id',
            };
  return {
    name: field.name,
    column: field.name,
    storage: fieldStorage(field),
    operators: new Set(fieldOperators(field) as Operator[]),
    filterable: field.type !== 'secret' && (admin || !hidden),
    relation,
  };
}

/**
 * What a non-admin's filter may reach in `definition` through a relation path: the rows its
 * view rule lets them see (none when the rule is admins-only). Parsed once per schema.
 */
function viewRowFilter(definition: CollectionDefinition, self: () => QueryCollection): QueryCollection['rowFilter'] {
  const rule = definition.rules.view;
  if (rule === null) return () => 'false';
  if (rule.trim() === '') return undefined;
  let ast: Expression;
  try {
    ast = parseExpression(rule);
  } catch {
    return () => 'false'; // rules are checked when saved; an unreadable one hides everything
  }
  // The rule itself sees every row, as rules always do (applyRowFilters off).
  return (alias, ctx) => compileExpression(ast, { ...ctx, collection: self(), alias, applyRowFilters: false });
}

/** The compiler's schema. Only admins may filter on hidden fields; for everyone else relation
 * paths reach only the rows each target's view rule shows them. */
export function buildQuerySchema(
  definitions: readonly CollectionDefinition[],
  options: { admin: boolean },
): QuerySchema {
  const { admin } = options;
  const collections = new Map<string, QueryCollection>();
  for (const definition of definitions) {
    collections.set(definition.name, {
      name: definition.name,
      table: definition.name,
      fields: new Map(
        [...SYSTEM_QUERY_FIELDS, ...definition.fields.map((field) => queryField(field, admin))].map((f) => [f.name, f]),
      ),
      rowFilter: admin
        ? undefined
        : viewRowFilter(definition, () => collections.get(definition.name) as QueryCollection),
    });
  }
  return { collection: (name) => collections.get(name), usersCollection: USERS_COLLECTION };
}
