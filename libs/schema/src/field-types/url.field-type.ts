// `url`: an absolute http(s) URL. Other schemes (`javascript:`, `data:`) are refused because
// consoles and client apps render these values as links.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { IDENTITY_CAST, isTextStored } from './casts.js';
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

export const HTTP_URL_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://';

const valueSchema = (field: FieldDefinitionOf<'url'>) =>
  textValueSchema(field.options, { format: 'uri', pattern: HTTP_URL_PATTERN });

export const urlFieldType: FieldTypeDefinition<'url'> = {
  type: 'url',
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
  castFrom: (from) => (isTextStored(from.type) ? IDENTITY_CAST : null),
  typescript: (field) => sameInAndOut(tsNullable('string', field.options.required)),
  junction: () => null,
};
