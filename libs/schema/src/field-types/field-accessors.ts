// Per-field entry points over the registry for other libraries (records, query, openapi), so
// they never switch on field types themselves.
import type { FieldDefinition } from '../metadata/field-definition.js';
import type { FilterOperator, StorageType } from '../metadata/storage-type.js';
import type { JsonSchema, OpenApiSchema } from '../json-schema/json-schema.js';
import type { QueryCoercion } from './field-type-definition.js';
import type { TypeScriptMapping } from './typescript-types.js';
import { fieldTypeOf } from './registry.js';

export function fieldJsonSchema(field: FieldDefinition): JsonSchema {
  return fieldTypeOf(field).jsonSchema(field);
}

export function fieldOpenApiSchema(field: FieldDefinition): OpenApiSchema {
  return fieldTypeOf(field).openApiSchema(field);
}

/** What a create/update body may hold for the field, in the OpenAPI document. */
export function fieldOpenApiWriteSchema(field: FieldDefinition): OpenApiSchema {
  const type = fieldTypeOf(field);
  return type.openApiWriteSchema?.(field) ?? type.openApiSchema(field);
}

export function coerceFieldQueryValue(field: FieldDefinition, raw: string): QueryCoercion {
  return fieldTypeOf(field).coerceQueryValue(raw, field);
}

export function fieldOperators(field: FieldDefinition): readonly FilterOperator[] {
  return fieldTypeOf(field).operators(field);
}

/** The field's value in TypeScript, in records and in bodies (client types). */
export function fieldTypeScript(field: FieldDefinition): TypeScriptMapping {
  return fieldTypeOf(field).typescript(field);
}

export function fieldStorage(field: FieldDefinition): StorageType {
  return fieldTypeOf(field).storage;
}

/** Whether `sort` may name the field: a column of a sortable type (many_to_one relations included). */
export function fieldSortable(field: FieldDefinition): boolean {
  return hasColumn(field) && fieldTypeOf(field).sortable;
}

/** False for one_to_many (virtual) and many_to_many (junction table) relations. */
export function hasColumn(field: FieldDefinition): boolean {
  return fieldTypeOf(field).columnType(field) !== null;
}
