// Builds the records engine's view of a schema snapshot: one CompiledCollection per collection
// and the query compiler's schema (one for admins, one for everyone else, who may not filter
// on hidden fields). Built once per snapshot and cached against it.

import { buildQuerySchema, type SchemaSnapshot } from '@stagecraft/collections';
import { parseExpression, referencesFields, type Expression, type QuerySchema } from '@stagecraft/query';
import {
  CHECK_KINDS,
  createAjv,
  FILE_UPLOAD_REFERENCE,
  maxFilesOf,
  STORED_FILE_NAME,
  fieldJsonSchema,
  fieldSortable,
  fieldTypeOf,
  objectNames,
  quoteIdent,
  RULE_ACTIONS,
  USERS_COLLECTION,
  type CollectionDefinition,
  type FieldDefinition,
  type JsonSchema,
  type RuleAction,
} from '@stagecraft/schema';
import type { CompiledCollection, CompiledField, ValueKind } from './compiled-collection.js';
import { appendKey, removeKey } from './file-values.js';

export interface CompiledSchema {
  readonly version: number;
  readonly collections: ReadonlyMap<string, CompiledCollection>;
  readonly querySchemaForAdmins: QuerySchema;
  readonly querySchema: QuerySchema;
}

const ajv = createAjv();

function valueKind(field: FieldDefinition): ValueKind {
  if (field.type === 'secret') return 'secret';
  if (field.type === 'number') return 'number';
  if (field.type === 'file') return 'file';
  if (field.type === 'relation') {
    if (field.options.kind === 'many_to_many') return 'many_to_many';
    if (field.options.kind === 'one_to_many') return 'virtual';
  }
  return 'plain';
}

function compileField(field: FieldDefinition): CompiledField {
  const kind = valueKind(field);
  const hidden = 'hidden' in field.options && field.options.hidden === true;
  const readOnly = 'readOnly' in field.options && field.options.readOnly === true;
  const relation = field.type === 'relation' ? field.options : undefined;
  return {
    definition: field,
    name: field.name,
    kind,
    readable: !hidden && kind !== 'secret' && kind !== 'virtual',
    writable: !readOnly && kind !== 'virtual',
    sortable: fieldSortable(field),
    junctionTable: kind === 'many_to_many' ? objectNames.junctionTable(field.id) : undefined,
    target: relation?.target,
    sqlType: fieldTypeOf(field).columnType(field)?.sqlType,
  };
}

const SYSTEM_COLUMNS = ['id', 'created_at', 'updated_at', 'created_by', 'version'];

/** A field's value over the row aliased `alias`, named `<prefix><field>` (unprefixed: as the column). */
function selectExpression(field: CompiledField, alias = 't', prefix = ''): string {
  const name = quoteIdent(`${prefix}${field.name}`);
  if (field.kind === 'many_to_many') {
    const junction = `"data".${quoteIdent(field.junctionTable as string)}`;
    return `ARRAY(SELECT jt.target_id FROM ${junction} jt WHERE jt.source_id = ${alias}.id ORDER BY jt.target_id) AS ${name}`;
  }
  return prefix === '' ? `${alias}.${name}` : `${alias}.${quoteIdent(field.name)} AS ${name}`;
}

/**
 * The select list of a record over the row aliased `alias`, its columns named with `prefix`,
 * so several collections' records can share one result row (GraphQL joins). With `t`, no
 * prefix and every field it is the collection's `selectList`. With `only`, just those fields
 * (and `id`, always): a GraphQL selection reads what it asks for.
 */
export function selectListFor(
  collection: CompiledCollection,
  alias: string,
  prefix: string,
  only?: ReadonlySet<string>,
): string {
  const wanted = (name: string) => only === undefined || name === 'id' || only.has(name);
  const system = SYSTEM_COLUMNS.filter(wanted).map((column) =>
    prefix === ''
      ? `${alias}.${quoteIdent(column)}`
      : `${alias}.${quoteIdent(column)} AS ${quoteIdent(prefix + column)}`,
  );
  const fields = [...collection.fields.values()].filter((field) => field.readable && wanted(field.name));
  return [...system, ...fields.map((field) => selectExpression(field, alias, prefix))].join(', ');
}

/** A field's body properties: itself, and for multiple files also `<name>+` (append) and `<name>-` (remove). */
function bodyProperties(field: CompiledField): [string, JsonSchema][] {
  const own: [string, JsonSchema] = [field.name, fieldJsonSchema(field.definition)];
  if (field.definition.type !== 'file' || field.definition.options.multiple !== true) return [own];
  const maxFiles = maxFilesOf(field.definition.options);
  const oneOrMore = (item: JsonSchema): JsonSchema => ({
    anyOf: [item, { type: 'array', items: item, maxItems: maxFiles }],
  });
  return [
    own,
    [appendKey(field.name), oneOrMore(FILE_UPLOAD_REFERENCE)],
    [removeKey(field.name), oneOrMore(STORED_FILE_NAME)],
  ];
}

function bodySchema(fields: CompiledField[], requireRequired: boolean): object {
  const writable = fields.filter((field) => field.writable);
  const required = requireRequired
    ? writable
        .filter((field) => {
          const options = field.definition.options as { required?: boolean; default?: unknown };
          return options.required === true && options.default === undefined;
        })
        .map((field) => field.name)
    : [];
  return {
    type: 'object',
    properties: Object.fromEntries(writable.flatMap(bodyProperties)),
    required,
    additionalProperties: false,
  };
}

function parseRules(definition: CollectionDefinition): CompiledCollection['rules'] {
  const entries = RULE_ACTIONS.map((action): [RuleAction, Expression | null | 'anyone'] => {
    const rule = definition.rules[action];
    if (rule === null) return [action, null];
    if (rule.trim() === '') return [action, 'anyone'];
    try {
      return [action, parseExpression(rule)];
    } catch {
      return [action, null]; // rules are validated when saved; an unreadable one falls back to admins only
    }
  });
  return Object.fromEntries(entries) as CompiledCollection['rules'];
}

function constraintFields(definition: CollectionDefinition): Map<string, string> {
  const table = definition.name;
  const names = new Map<string, string>();
  for (const field of definition.fields) {
    names.set(objectNames.unique(table, field.id), field.name);
    names.set(objectNames.foreignKey(table, field.id), field.name);
    names.set(objectNames.junctionForeignKey(field.id, 'target_id'), field.name);
    for (const kind of CHECK_KINDS) {
      names.set(objectNames.check(table, field.id, kind), field.name);
    }
  }
  names.set(objectNames.createdByForeignKey(table), 'created_by');
  if (table === USERS_COLLECTION) names.set('users_email_key', 'email');
  return names;
}

export function compileCollection(definition: CollectionDefinition): CompiledCollection {
  const fields = definition.fields.map(compileField);
  const rules = parseRules(definition);
  const systemColumns = SYSTEM_COLUMNS.map((column) => `t.${quoteIdent(column)}`);
  return {
    definition,
    name: definition.name,
    table: definition.name,
    fields: new Map(fields.map((field) => [field.name, field])),
    fileFields: fields.filter((field) => field.kind === 'file' && field.writable),
    selectList: [
      ...systemColumns,
      ...fields.filter((field) => field.readable).map((field) => selectExpression(field)),
    ].join(', '),
    validateCreate: ajv.compile(bodySchema(fields, true)),
    validateUpdate: ajv.compile(bodySchema(fields, false)),
    rules,
    createRuleIgnoresRow: typeof rules.create === 'object' && rules.create !== null && !referencesFields(rules.create),
    rawRules: definition.rules,
    constraintFields: constraintFields(definition),
  };
}

const compiledBySnapshot = new WeakMap<SchemaSnapshot, CompiledSchema>();

/** The compiled form of a snapshot, built on first use and then shared. */
export function compiledSchemaFor(snapshot: SchemaSnapshot): CompiledSchema {
  let compiled = compiledBySnapshot.get(snapshot);
  if (!compiled) {
    compiled = {
      version: snapshot.version,
      collections: new Map(snapshot.collections.map((definition) => [definition.name, compileCollection(definition)])),
      querySchemaForAdmins: buildQuerySchema(snapshot.collections, { admin: true }),
      querySchema: buildQuerySchema(snapshot.collections, { admin: false }),
    };
    compiledBySnapshot.set(snapshot, compiled);
  }
  return compiled;
}
