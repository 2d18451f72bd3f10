// JSON-schema fragments for field options, composed by each type's `optionsSchema`; unknown
// keys are rejected (`additionalProperties: false`) so typos surface as `unknown_option`.
import type { JsonSchema, JsonSchemaObject } from '../json-schema/json-schema.js';

const BOOLEAN: JsonSchemaObject = { type: 'boolean' };
const LENGTH: JsonSchemaObject = { type: 'integer', minimum: 0, maximum: 10_485_760 };

export const COMMON_OPTION_PROPERTIES: Record<string, JsonSchema> = {
  required: BOOLEAN,
  hidden: BOOLEAN,
  readOnly: BOOLEAN,
};

export const UNIQUE_INDEX_PROPERTIES: Record<string, JsonSchema> = { unique: BOOLEAN, indexed: BOOLEAN };

export const LENGTH_PROPERTIES: Record<string, JsonSchema> = {
  minLength: LENGTH,
  maxLength: LENGTH,
  pattern: { type: 'string', minLength: 1, maxLength: 1000 },
};

export const SELECT_VALUES: JsonSchemaObject = {
  type: 'array',
  items: { type: 'string', minLength: 1, maxLength: 255 },
  maxItems: 1000,
};

export function optionsObject(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchemaObject {
  return { type: 'object', properties, required, additionalProperties: false };
}
