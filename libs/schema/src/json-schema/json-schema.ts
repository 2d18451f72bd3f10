// Minimal structural types for the JSON-schema and OpenAPI fragments this library produces;
// plain objects, so the records lib can hand them to ajv and the docs lib to the document.
import type { JsonValue } from '../metadata/field-options.js';

export type JsonSchemaTypeName = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null';

export interface JsonSchemaObject {
  type?: JsonSchemaTypeName | JsonSchemaTypeName[];
  format?: string;
  enum?: JsonValue[];
  const?: JsonValue;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  not?: JsonSchema;
  description?: string;
  default?: JsonValue;
  readOnly?: boolean;
  writeOnly?: boolean;
}

export type JsonSchema = JsonSchemaObject | boolean;

/** OpenAPI 3.1 schema objects are JSON Schema 2020-12; nullability is `type: [..., 'null']`. */
export type OpenApiSchema = JsonSchemaObject;
