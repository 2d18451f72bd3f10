// `select`: one value out of a fixed list, stored as text with a CHECK listing the values, so
// the database refuses what the API would refuse.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import { issue, joinPath } from '../validation/validation-issue.js';
import { IDENTITY_CAST, isTextStored } from './casts.js';
import { indexMethod } from './column-helpers.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { EQUALITY_OPERATORS } from './operators.js';
import { COMMON_OPTION_PROPERTIES, SELECT_VALUES, UNIQUE_INDEX_PROPERTIES, optionsObject } from './option-schemas.js';
import { valuesIssues } from './select-values.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable, tsUnion } from './typescript-types.js';

const valueSchema = (field: FieldDefinitionOf<'select'>) =>
  nullable({ type: 'string', enum: [...field.options.values] }, field.options.required);

export const selectFieldType: FieldTypeDefinition<'select'> = {
  type: 'select',
  storage: 'text',
  sortable: true,
  optionsSchema: optionsObject(
    { ...COMMON_OPTION_PROPERTIES, ...UNIQUE_INDEX_PROPERTIES, values: SELECT_VALUES, default: { type: 'string' } },
    ['values'],
  ),
  validateOptions: (field, { path }) => {
    const optionsPath = joinPath(path, 'options');
    const { values, default: value } = field.options;
    const issues = valuesIssues(values, optionsPath);
    if (value !== undefined && !values.includes(value)) {
      issues.push(
        issue(
          joinPath(optionsPath, 'default'),
          'default_not_in_values',
          `The default "${value}" is not one of the values.`,
        ),
      );
    }
    return issues;
  },
  columnType: (field) => ({
    sqlType: 'text',
    checks: [
      {
        kind: 'values',
        predicate: (c) =>
          field.options.values.length === 0
            ? 'false'
            : `${c} IN (${field.options.values.map(quoteLiteral).join(', ')})`,
      },
    ],
    unique: field.options.unique === true,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => (field.options.default === undefined ? null : quoteLiteral(field.options.default)),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw, field) =>
    field.options.values.includes(raw)
      ? { ok: true, value: raw }
      : { ok: false, message: `"${raw}" is not one of: ${field.options.values.join(', ')}` },
  operators: () => EQUALITY_OPERATORS,
  // Existing text that is not one of the values is reported by the pre-check of the values CHECK.
  castFrom: (from) => (isTextStored(from.type) ? IDENTITY_CAST : null),
  typescript: (field) => sameInAndOut(tsNullable(tsUnion(field.options.values), field.options.required)),
  junction: () => null,
};
