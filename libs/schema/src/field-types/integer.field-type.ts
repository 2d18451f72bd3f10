// `integer`: a 32-bit `integer` column, so values come back from pg as JavaScript numbers
// (bigint would arrive as strings); bounds are enforced by both the API and CHECKs.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { numericLiteral } from '../sql/quote-literal.js';
import { joinPath } from '../validation/validation-issue.js';
import { isTextStored, textInputCast } from './casts.js';
import { rangeChecks } from './check-specs.js';
import { indexMethod } from './column-helpers.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { ORDERED_OPERATORS } from './operators.js';
import { boundsIssues, defaultIssues } from './option-rules.js';
import { COMMON_OPTION_PROPERTIES, UNIQUE_INDEX_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

export const INTEGER_MIN = -2147483648;
export const INTEGER_MAX = 2147483647;

const INT32 = { type: 'integer', minimum: INTEGER_MIN, maximum: INTEGER_MAX } as const;

const valueSchema = (field: FieldDefinitionOf<'integer'>) =>
  nullable(
    { type: 'integer', minimum: field.options.min ?? INTEGER_MIN, maximum: field.options.max ?? INTEGER_MAX },
    field.options.required,
  );

const optionalLiteral = (value: number | undefined) => (value === undefined ? null : numericLiteral(value));

export const integerFieldType: FieldTypeDefinition<'integer'> = {
  type: 'integer',
  storage: 'integer',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    ...UNIQUE_INDEX_PROPERTIES,
    default: INT32,
    min: INT32,
    max: INT32,
  }),
  validateOptions: (field, { path }) => {
    const optionsPath = joinPath(path, 'options');
    const issues = boundsIssues(optionsPath, field.options.min, field.options.max);
    return issues.length > 0 ? issues : defaultIssues(field.options.default, valueSchema(field), optionsPath);
  },
  columnType: (field) => ({
    sqlType: 'integer',
    checks: rangeChecks(optionalLiteral(field.options.min), optionalLiteral(field.options.max)),
    unique: field.options.unique === true,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => optionalLiteral(field.options.default),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations({ ...valueSchema(field), format: 'int32' }, field.options),
  coerceQueryValue: (raw) => {
    const value = /^[+-]?\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
    if (value >= INTEGER_MIN && value <= INTEGER_MAX) return { ok: true, value };
    return { ok: false, message: `"${raw}" is not a 32-bit integer` };
  },
  operators: () => ORDERED_OPERATORS,
  castFrom: (from) => {
    if (isTextStored(from.type)) return textInputCast('integer');
    // numeric → integer rounds half away from zero, as PostgreSQL's round() does.
    if (from.type === 'number') {
      return {
        using: (c) => `round(${c})::integer`,
        failsWhen: (c) => `round(${c}) NOT BETWEEN ${INTEGER_MIN} AND ${INTEGER_MAX}`,
        lossy: true,
      };
    }
    if (from.type === 'boolean') return { using: (c) => `${c}::integer`, failsWhen: null, lossy: false };
    return null;
  },
  typescript: (field) => sameInAndOut(tsNullable('number', field.options.required)),
  junction: () => null,
};
