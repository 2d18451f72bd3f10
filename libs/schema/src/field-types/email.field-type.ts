// `email`: text validated as an address by the API (ajv's `email` format). The database keeps
// it plain text: a second, different email regex in a CHECK would only disagree with the first.
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

/** RFC 5321 caps a forward path at 254 characters. */
const MAX_EMAIL_LENGTH = 254;

const valueSchema = (field: FieldDefinitionOf<'email'>) =>
  textValueSchema({ ...field.options, maxLength: field.options.maxLength ?? MAX_EMAIL_LENGTH }, { format: 'email' });

export const emailFieldType: FieldTypeDefinition<'email'> = {
  type: 'email',
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
