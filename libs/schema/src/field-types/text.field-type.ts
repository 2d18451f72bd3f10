// `text`: a single-line string in a `text` column, with optional length, pattern, unique and
// index; every other type can be cast to it.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { castToText } from './casts.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { TEXT_OPERATORS } from './operators.js';
import {
  COMMON_OPTION_PROPERTIES,
  LENGTH_PROPERTIES,
  UNIQUE_INDEX_PROPERTIES,
  optionsObject,
} from './option-schemas.js';
import { textColumn, textDefaultSql, textOptionIssues, textValueSchema } from './text-family.js';
import { withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const valueSchema = (field: FieldDefinitionOf<'text'>) => textValueSchema(field.options);

export const textFieldType: FieldTypeDefinition<'text'> = {
  type: 'text',
  storage: 'text',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    ...UNIQUE_INDEX_PROPERTIES,
    ...LENGTH_PROPERTIES,
    default: { type: 'string' },
  }),
  validateOptions: (field, { path }) => textOptionIssues(field.options, valueSchema(field), path),
  columnType: (field) => textColumn(field.options),
  defaultSql: (field) => textDefaultSql(field.options),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) => ({ ok: true, value: raw }),
  operators: () => TEXT_OPERATORS,
  castFrom: (from) => castToText(from),
  typescript: (field) => sameInAndOut(tsNullable('string', field.options.required)),
  junction: () => null,
};
