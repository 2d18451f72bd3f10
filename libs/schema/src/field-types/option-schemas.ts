// JSON-schema fragments for field options, composed by each type's `optionsSchema`; unknown
// keys are rejected (`additionalProperties: false`) so typos surface as `unknown_option`.
import type { JsonSchema, JsonSchemaObject } from '../json-schema/json-schema.js';

const BOOLEAN: JsonSchemaObject = { type: 'boolean' };
/** The largest `maxLength` a field may declare, in characters; also the bound of text-like fields that declare none. */
export const MAX_TEXT_LENGTH = 10_485_760;

/** The most items a to-many value (multi_select, many_to_many) may list, and the largest `maxSelect` of a multi_select. */
export const MAX_SELECT_ITEMS = 1000;

const LENGTH: JsonSchemaObject = { type: 'integer', minimum: 0, maximum: MAX_TEXT_LENGTH };

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
  maxItems: MAX_SELECT_ITEMS,
};

export function optionsObject(properties: Record<string, JsonSchema>, required: string[] = []): JsonSchemaObject {
  return { type: 'object', properties, required, additionalProperties: false };
}
