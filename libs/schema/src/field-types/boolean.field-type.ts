// `boolean`: true/false. Not unique-able (two rows at most would make no sense); indexable for
// flags that filter a large table.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { joinPath } from '../validation/validation-issue.js';
import { isTextStored, textInputCast } from './casts.js';
import { indexMethod } from './column-helpers.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { BOOLEAN_OPERATORS } from './operators.js';
import { defaultIssues } from './option-rules.js';
import { COMMON_OPTION_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const valueSchema = (field: FieldDefinitionOf<'boolean'>) => nullable({ type: 'boolean' }, field.options.required);

export const booleanFieldType: FieldTypeDefinition<'boolean'> = {
  type: 'boolean',
  storage: 'boolean',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    indexed: { type: 'boolean' },
    default: { type: 'boolean' },
  }),
  validateOptions: (field, { path }) =>
    defaultIssues(field.options.default, valueSchema(field), joinPath(path, 'options')),
  columnType: (field) => ({
    sqlType: 'boolean',
    checks: [],
    unique: false,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => (field.options.default === undefined ? null : String(field.options.default)),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) => {
    if (raw === 'true') return { ok: true, value: true };
    if (raw === 'false') return { ok: true, value: false };
    return { ok: false, message: `"${raw}" is not a boolean (use true or false)` };
  },
  operators: () => BOOLEAN_OPERATORS,
  castFrom: (from) => {
    if (isTextStored(from.type)) return textInputCast('boolean');
    if (from.type === 'integer') return { using: (c) => `${c} <> 0`, failsWhen: null, lossy: true };
    return null;
  },
  typescript: (field) => sameInAndOut(tsNullable('boolean', field.options.required)),
  junction: () => null,
};
