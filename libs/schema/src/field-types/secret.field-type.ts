// `secret`: stored as text holding AES-256-GCM ciphertext (encryption lives in the records lib).
// Lengths and pattern apply to the plaintext, so only the API checks them; no casts in or out.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { joinPath } from '../validation/validation-issue.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { NO_OPERATORS } from './operators.js';
import { lengthIssues } from './option-rules.js';
import { LENGTH_PROPERTIES, optionsObject } from './option-schemas.js';
import { textValueSchema } from './text-family.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const valueSchema = (field: FieldDefinitionOf<'secret'>) => textValueSchema(field.options);

export const secretFieldType: FieldTypeDefinition<'secret'> = {
  type: 'secret',
  storage: 'text',
  sortable: false,
  optionsSchema: optionsObject({
    required: { type: 'boolean' },
    readOnly: { type: 'boolean' },
    ...LENGTH_PROPERTIES,
  }),
  validateOptions: (field, { path }) => lengthIssues(field.options, joinPath(path, 'options')),
  columnType: () => ({ sqlType: 'text', checks: [], unique: false, index: null, references: null }),
  defaultSql: () => null,
  jsonSchema: valueSchema,
  openApiSchema: (field) => ({
    ...valueSchema(field),
    writeOnly: true,
    ...(field.options.readOnly === true ? { readOnly: true } : {}),
  }),
  coerceQueryValue: () => ({ ok: false, message: 'secret fields cannot be filtered' }),
  operators: () => NO_OPERATORS,
  // Plaintext cannot become ciphertext (or back) in SQL: the key is not in the database.
  castFrom: () => null,
  // Write-only: records never carry it, bodies send the plaintext.
  typescript: (field) => sameInAndOut(tsNullable('string', field.options.required)),
  junction: () => null,
};
