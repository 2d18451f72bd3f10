// Helpers shared by the types' JSON-schema and OpenAPI fragments: nullability for optional
// fields and the read/write annotations the generated document carries.
import type { JsonSchemaObject, OpenApiSchema } from '../json-schema/json-schema.js';

/** Optional fields accept null: `type` gains 'null' and an `enum` gains null. */
export function nullable(schema: JsonSchemaObject, required: boolean | undefined): JsonSchemaObject {
  if (required === true) return schema;
  const result: JsonSchemaObject = { ...schema };
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    result.type = types.includes('null') ? types : [...types, 'null'];
  }
  if (schema.enum !== undefined && !schema.enum.includes(null)) result.enum = [...schema.enum, null];
  return result;
}

/** `readOnly` fields are never written by clients; `hidden` ones are never returned (write-only). */
export function withApiAnnotations(
  schema: JsonSchemaObject,
  options: { readOnly?: boolean; hidden?: boolean },
): OpenApiSchema {
  const result: OpenApiSchema = { ...schema };
  if (options.readOnly === true) result.readOnly = true;
  if (options.hidden === true) result.writeOnly = true;
  return result;
}
