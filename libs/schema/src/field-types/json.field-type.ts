// `json`: any JSON value in a `jsonb` column; `indexed` builds a GIN index, which serves the
// `?=` (contains) operator.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import type { JsonValue } from '../metadata/field-options.js';
import type { JsonSchemaObject } from '../json-schema/json-schema.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import { issue, joinPath } from '../validation/validation-issue.js';
import { indexMethod } from './column-helpers.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { JSON_OPERATORS } from './operators.js';
import { COMMON_OPTION_PROPERTIES, optionsObject } from './option-schemas.js';
import { withApiAnnotations } from './value-schemas.js';
import { sameInAndOut } from './typescript-types.js';

/** Defaults are inlined in DDL and in every new row: keep them small. */
export const JSON_DEFAULT_MAX_BYTES = 65_536;

const valueSchema = (field: FieldDefinitionOf<'json'>): JsonSchemaObject =>
  field.options.required === true ? { not: { type: 'null' } } : {};

export const jsonFieldType: FieldTypeDefinition<'json'> = {
  type: 'json',
  storage: 'jsonb',
  sortable: false,
  optionsSchema: optionsObject({ ...COMMON_OPTION_PROPERTIES, indexed: { type: 'boolean' }, default: {} }),
  validateOptions: (field, { path }) => {
    const value = field.options.default;
    if (value === undefined) return [];
    const optionsPath = joinPath(path, 'options');
    if (JSON.stringify(value).length > JSON_DEFAULT_MAX_BYTES) {
      return [
        issue(
          joinPath(optionsPath, 'default'),
          'invalid_default',
          `The default exceeds ${JSON_DEFAULT_MAX_BYTES} bytes.`,
        ),
      ];
    }
    if (value === null && field.options.required === true) {
      return [issue(joinPath(optionsPath, 'default'), 'invalid_default', 'A required field cannot default to null.')];
    }
    return [];
  },
  columnType: (field) => ({
    sqlType: 'jsonb',
    checks: [],
    unique: false,
    index: indexMethod(field.options, 'gin'),
    references: null,
  }),
  defaultSql: (field) =>
    field.options.default === undefined ? null : `${quoteLiteral(JSON.stringify(field.options.default))}::jsonb`,
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) => {
    // JSON when it parses (`5`, `true`, `{"a":1}`), otherwise the raw text as a JSON string.
    try {
      return { ok: true, value: JSON.parse(raw) as JsonValue };
    } catch {
      return { ok: true, value: raw };
    }
  },
  operators: () => JSON_OPERATORS,
  castFrom: (from) => {
    if (from.type === 'secret' || from.type === 'relation') return null;
    return { using: (c) => `to_jsonb(${c})`, failsWhen: null, lossy: false };
  },
  // JSON null is SQL null here: a required field holds any value but null.
  typescript: (field) => sameInAndOut(field.options.required === true ? 'NonNullable<JsonValue>' : 'JsonValue'),
  junction: () => null,
};
