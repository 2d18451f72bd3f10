// The query compiler's view of collection metadata: system fields, every field with its
// storage and operators, relations as joins. Used for filters, access rules, and to check
// rules when they are saved.

import type { Operator, QueryCollection, QueryField, QuerySchema } from '@stagecraft/query';
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

/** The compiler's schema; only admins may filter on hidden fields. */
export function buildQuerySchema(
  definitions: readonly CollectionDefinition[],
  options: { admin: boolean },
): QuerySchema {
  const { admin } = options;
  const collections = new Map<string, QueryCollection>(
    definitions.map((definition) => [
      definition.name,
      {
        name: definition.name,
        table: definition.name,
        fields: new Map(
          [...SYSTEM_QUERY_FIELDS, ...definition.fields.map((field) => queryField(field, admin))].map((f) => [
            f.name,
            f,
          ]),
        ),
      },
    ]),
  );
  return { collection: (name) => collections.get(name) };
}
