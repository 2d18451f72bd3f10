// `relation`: many_to_one is a uuid column with a foreign key (and an index, which PostgreSQL does
// not add by itself); one_to_many is virtual; many_to_many lives in an engine-managed junction table.
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import type { RelationKind, RelationOptions } from '../metadata/field-options.js';
import type { JsonSchemaObject } from '../json-schema/json-schema.js';
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import { IDENTITY_CAST } from './casts.js';
import type { FieldTypeDefinition, FieldValidationContext } from './field-type-definition.js';
import { CONTAINS_OPERATORS, EQUALITY_OPERATORS } from './operators.js';
import { MAX_SELECT_ITEMS, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The length is what the format allows anyway, stated so the document bounds every string. */
const UUID_SCHEMA: JsonSchemaObject = { type: 'string', format: 'uuid', maxLength: 36 };

const OPTIONS_BY_KIND: Record<RelationKind, readonly string[]> = {
  many_to_one: ['kind', 'target', 'onDelete', 'required', 'unique', 'hidden', 'readOnly'],
  one_to_many: ['kind', 'target', 'via', 'hidden'],
  many_to_many: ['kind', 'target', 'required', 'maxSelect', 'hidden', 'readOnly'],
};

function kindIssues(options: RelationOptions, optionsPath: string): ValidationIssue[] {
  const allowed = OPTIONS_BY_KIND[options.kind];
  const issues = Object.keys(options)
    .filter((key) => !allowed.includes(key))
    .map((key) =>
      issue(
        joinPath(optionsPath, key),
        'unknown_option',
        `The ${key} option does not apply to ${options.kind} relations.`,
      ),
    );
  if (options.kind === 'many_to_one') {
    if ((options.onDelete as string | undefined) === undefined) {
      issues.push(issue(joinPath(optionsPath, 'onDelete'), 'missing_option', 'A many_to_one relation needs onDelete.'));
    } else if (options.onDelete === 'set_null' && options.required === true) {
      issues.push(
        issue(
          joinPath(optionsPath, 'onDelete'),
          'on_delete_conflicts_with_required',
          'A required relation cannot be set to null when its target is deleted.',
        ),
      );
    }
  }
  if (options.kind === 'one_to_many' && (options.via as string | undefined) === undefined) {
    issues.push(
      issue(
        joinPath(optionsPath, 'via'),
        'missing_option',
        'A one_to_many relation names the many_to_one field it mirrors in via.',
      ),
    );
  }
  return issues;
}

function findCollection(
  context: FieldValidationContext,
  name: string,
): Pick<CollectionDefinition, 'name' | 'fields'> | undefined {
  if (name === context.collection.name) return context.collection;
  return context.collections.find((c) => c.name === name && c.id !== context.collection.id);
}

function targetIssues(
  field: FieldDefinitionOf<'relation'>,
  context: FieldValidationContext,
  optionsPath: string,
): ValidationIssue[] {
  const { options } = field;
  const target = findCollection(context, options.target);
  if (target === undefined) {
    return [
      issue(
        joinPath(optionsPath, 'target'),
        'relation_target_missing',
        `The collection "${options.target}" does not exist.`,
      ),
    ];
  }
  if (options.kind !== 'one_to_many' || (options.via as string | undefined) === undefined) return [];
  const via = target.fields.find((f) => f.name === options.via);
  const path = joinPath(optionsPath, 'via');
  if (via === undefined)
    return [issue(path, 'relation_via_missing', `"${options.target}" has no field "${options.via}".`)];
  const pointsBack =
    via.type === 'relation' && via.options.kind === 'many_to_one' && via.options.target === context.collection.name;
  if (pointsBack) return [];
  return [
    issue(
      path,
      'relation_via_invalid',
      `"${options.target}.${options.via}" is not a many_to_one relation to "${context.collection.name}".`,
    ),
  ];
}

function valueSchema(field: FieldDefinitionOf<'relation'>): JsonSchemaObject | false {
  const { options } = field;
  switch (options.kind) {
    case 'many_to_one':
      return nullable({ ...UUID_SCHEMA }, options.required);
    case 'many_to_many': {
      const schema: JsonSchemaObject = { type: 'array', items: UUID_SCHEMA, uniqueItems: true };
      schema.maxItems = options.maxSelect ?? MAX_SELECT_ITEMS;
      if (options.required === true) schema.minItems = 1;
      return schema;
    }
    case 'one_to_many':
      // Virtual: written through the many_to_one side, never in this collection's body.
      return false;
  }
}

export const relationFieldType: FieldTypeDefinition<'relation'> = {
  type: 'relation',
  storage: 'uuid',
  sortable: true,
  optionsSchema: optionsObject(
    {
      kind: { enum: ['many_to_one', 'one_to_many', 'many_to_many'] },
      target: { type: 'string', minLength: 1, maxLength: 63 },
      onDelete: { enum: ['restrict', 'cascade', 'set_null'] },
      via: { type: 'string', minLength: 1, maxLength: 63 },
      required: { type: 'boolean' },
      unique: { type: 'boolean' },
      hidden: { type: 'boolean' },
      readOnly: { type: 'boolean' },
      maxSelect: { type: 'integer', minimum: 1 },
    },
    ['kind', 'target'],
  ),
  validateOptions: (field, context) => {
    const optionsPath = joinPath(context.path, 'options');
    return [...kindIssues(field.options, optionsPath), ...targetIssues(field, context, optionsPath)];
  },
  columnType: (field) => {
    const { options } = field;
    if (options.kind !== 'many_to_one') return null;
    const unique = options.unique === true;
    return {
      sqlType: 'uuid',
      checks: [],
      unique,
      // Always indexed: expansion, one_to_many lookups and ON DELETE all search by this column.
      index: unique ? null : 'btree',
      references: { target: options.target, onDelete: options.onDelete },
    };
  },
  defaultSql: () => null,
  jsonSchema: valueSchema,
  openApiSchema: (field) => {
    const schema = valueSchema(field);
    if (schema === false) return { type: 'array', items: UUID_SCHEMA, readOnly: true };
    return withApiAnnotations(schema, field.options);
  },
  coerceQueryValue: (raw) =>
    UUID.test(raw) ? { ok: true, value: raw.toLowerCase() } : { ok: false, message: `"${raw}" is not a UUID` },
  operators: (field) => (field.options.kind === 'many_to_one' ? EQUALITY_OPERATORS : CONTAINS_OPERATORS),
  // Only a relation of the same kind; whether the target changed is decided by collection id upstream.
  castFrom: (from, to) => (from.type === 'relation' && from.options.kind === to.options.kind ? IDENTITY_CAST : null),
  // Related ids: a many-to-many holds a list (empty, never null); one_to_many is virtual, never in a body.
  typescript: (field) =>
    sameInAndOut(field.options.kind === 'many_to_one' ? tsNullable('string', field.options.required) : 'string[]'),
  junction: (field) => (field.options.kind === 'many_to_many' ? { target: field.options.target } : null),
};
