// The per-collection schemas: Record (what the API returns), Create and Update (what it accepts),
// Expand (related records under `expand`) and the response envelopes around them.
import {
  fieldOpenApiSchema,
  fieldOpenApiWriteSchema,
  type CollectionDefinition,
  type FieldDefinition,
  type JsonValue,
} from '@stagecraft/schema';
import { fieldExample } from './field-example.js';
import { formSchema } from './record-forms.js';
import { isExpandable, isReadable, isRequiredOnCreate, isWritable, orderedFields } from './field-roles.js';
import { collectionSchemaName, schemaRef, type CollectionSchemaKind } from './names.js';
import type { Schema, SchemaObject } from './openapi-types.js';
import { MAX_LIMIT, SHARED_SCHEMAS } from './shared-components.js';

/** What the schemas of one collection need to know about the others. */
export interface SchemaContext {
  /** Collection name → type stem (see names.ts). */
  stems: ReadonlyMap<string, string>;
  /** The most records one create may carry (BULK_CREATE_MAX), so the most it answers with. */
  bulkCreateMax: number;
}

/** The engine writes these: ISO 8601 in UTC with milliseconds is 24 characters. */
const TIMESTAMP: SchemaObject = { type: 'string', format: 'date-time', maxLength: 32, readOnly: true };

const SYSTEM_PROPERTIES: Readonly<Record<string, SchemaObject>> = {
  id: { type: 'string', format: 'uuid', maxLength: 36, readOnly: true },
  created_at: TIMESTAMP,
  updated_at: TIMESTAMP,
  created_by: {
    type: ['string', 'null'],
    format: 'uuid',
    maxLength: 36,
    readOnly: true,
    description: 'The user who created the record; null when created anonymously or by an API key.',
  },
  version: {
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    readOnly: true,
    description: 'Incremented on every update; the `ETag` derives from it.',
  },
};

function expandSchema(collection: CollectionDefinition, context: SchemaContext): SchemaObject | null {
  const properties: Record<string, Schema> = {};
  for (const field of orderedFields(collection).filter(isExpandable)) {
    const target = context.stems.get(field.options.target);
    if (target === undefined) continue;
    const record = schemaRef(collectionSchemaName(target, 'Record'));
    if (field.options.kind === 'many_to_one') properties[field.name] = record;
    else properties[field.name] = { type: 'array', items: record, ...toManyBound(field) };
  }
  if (Object.keys(properties).length === 0) return null;
  return {
    type: 'object',
    description: 'Related records, present for the relation fields named in `expand`.',
    properties,
    additionalProperties: false,
  };
}

/**
 * An expanded many-to-many lists at most the ids the field holds; an expanded one-to-many lists
 * every related record the caller may see, which nothing bounds.
 */
function toManyBound(field: FieldDefinition): Pick<SchemaObject, 'maxItems'> {
  const value = fieldOpenApiSchema(field);
  return field.type === 'relation' && field.options.kind === 'many_to_many' && value.maxItems !== undefined
    ? { maxItems: value.maxItems }
    : {};
}

function recordSchema(collection: CollectionDefinition, stem: string, hasExpand: boolean): SchemaObject {
  const fields = orderedFields(collection).filter(isReadable);
  const properties: Record<string, Schema> = { ...SYSTEM_PROPERTIES };
  for (const field of fields) properties[field.name] = fieldOpenApiSchema(field);
  if (hasExpand) properties['expand'] = schemaRef(collectionSchemaName(stem, 'Expand'));
  return {
    type: 'object',
    description: `A record of ${collection.label}. With \`fields\`, only the fields named are returned.`,
    required: [...Object.keys(SYSTEM_PROPERTIES), ...fields.map((field) => field.name)],
    properties,
  };
}

function writeSchema(collection: CollectionDefinition, mode: 'create' | 'update'): SchemaObject {
  const fields = orderedFields(collection).filter(isWritable);
  const properties = Object.fromEntries(fields.map((field) => [field.name, fieldOpenApiWriteSchema(field)]));
  const schema: SchemaObject = {
    type: 'object',
    description:
      mode === 'create'
        ? `A new record of ${collection.label} (also the body of a full replace).`
        : `Changes to a record of ${collection.label}: only the fields given are changed.`,
    properties,
    additionalProperties: false,
  };
  if (mode === 'update') return schema;
  const required = fields.filter(isRequiredOnCreate).map((field) => field.name);
  if (required.length > 0) schema.required = required;
  schema.example = createExample(collection);
  return schema;
}

function createExample(collection: CollectionDefinition): JsonValue {
  const example: Record<string, JsonValue> = {};
  for (const field of orderedFields(collection).filter(isWritable)) {
    const value = fieldExample(field);
    if (value !== undefined) example[field.name] = value;
  }
  return example;
}

function envelope(data: Schema, meta?: Schema): SchemaObject {
  const properties: Record<string, Schema> = meta === undefined ? { data } : { data, meta };
  return { type: 'object', required: Object.keys(properties), properties };
}

/** Every schema of one collection, keyed by component name. */
export function collectionSchemas(
  collection: CollectionDefinition,
  context: SchemaContext,
): Record<string, SchemaObject> {
  const stem = context.stems.get(collection.name) ?? collection.name;
  const name = (kind: CollectionSchemaKind): string => collectionSchemaName(stem, kind);
  const record = schemaRef(name('Record'));
  const expand = expandSchema(collection, context);
  const schemas: Record<string, SchemaObject> = {
    [name('Record')]: recordSchema(collection, stem, expand !== null),
    [name('Create')]: writeSchema(collection, 'create'),
    [name('Update')]: writeSchema(collection, 'update'),
    [name('ListResponse')]: envelope(
      { type: 'array', items: record, maxItems: MAX_LIMIT },
      schemaRef(SHARED_SCHEMAS.listMeta),
    ),
    [name('RecordResponse')]: envelope(record),
    [name('RecordsResponse')]: envelope({ type: 'array', items: record, maxItems: context.bulkCreateMax }),
  };
  if (expand !== null) schemas[name('Expand')] = expand;
  const form = formSchema(collection, schemaRef(name('Update')));
  if (form !== null) schemas[name('Form')] = form;
  return schemas;
}
