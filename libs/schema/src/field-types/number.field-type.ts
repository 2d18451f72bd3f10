// `number`: an exact decimal, `numeric(precision, scale)` or unconstrained `numeric`. pg returns
// numeric as strings; the records lib decides how to present them.
import type { FieldDefinition, FieldDefinitionOf } from '../metadata/field-definition.js';
import type { NumberOptions } from '../metadata/field-options.js';
import type { JsonSchemaObject } from '../json-schema/json-schema.js';
import { numericLiteral, quoteLiteral } from '../sql/quote-literal.js';
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import { isTextStored, textInputCast } from './casts.js';
import { rangeChecks } from './check-specs.js';
import { indexMethod } from './column-helpers.js';
import type { ColumnCast, FieldTypeDefinition } from './field-type-definition.js';
import { ORDERED_OPERATORS } from './operators.js';
import { boundsIssues, defaultIssues } from './option-rules.js';
import { COMMON_OPTION_PROPERTIES, UNIQUE_INDEX_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

/** PostgreSQL's limit for a declared numeric precision. */
export const NUMERIC_MAX_PRECISION = 1000;

export function numericSqlType(options: NumberOptions): string {
  if (options.precision === undefined) return 'numeric';
  return `numeric(${options.precision},${options.scale ?? 0})`;
}

function valueSchema(field: FieldDefinitionOf<'number'>): JsonSchemaObject {
  const { min, max, precision, scale, required } = field.options;
  const schema: JsonSchemaObject = { type: 'number' };
  if (min !== undefined) schema.minimum = min;
  if (max !== undefined) schema.maximum = max;
  // A numeric(p, s) holds magnitudes below 10^(p - s); larger values would fail as a database error.
  if (precision !== undefined) {
    const limit = 10 ** (precision - (scale ?? 0));
    if (Number.isFinite(limit)) {
      schema.exclusiveMinimum = -limit;
      schema.exclusiveMaximum = limit;
    }
  }
  return nullable(schema, required);
}

function semanticIssues(field: FieldDefinitionOf<'number'>, optionsPath: string): ValidationIssue[] {
  const { precision, scale, min, max } = field.options;
  const issues = boundsIssues(optionsPath, min, max);
  if (scale !== undefined && precision === undefined) {
    issues.push(issue(joinPath(optionsPath, 'precision'), 'missing_option', 'The scale option needs a precision.'));
  }
  if (scale !== undefined && precision !== undefined && scale > precision) {
    issues.push(
      issue(
        joinPath(optionsPath, 'scale'),
        'option_out_of_range',
        `The scale (${scale}) exceeds the precision (${precision}).`,
      ),
    );
  }
  return issues;
}

/** Between numeric types the value is re-parsed with the new typmod, which errors only on overflow. */
function numericCast(from: FieldDefinition, to: FieldDefinitionOf<'number'>): ColumnCast {
  const sqlType = numericSqlType(to.options);
  const fromScale =
    from.type === 'number' ? (from.options.scale ?? (from.options.precision === undefined ? null : 0)) : 0;
  const toScale = to.options.precision === undefined ? null : (to.options.scale ?? 0);
  return {
    using: (c) => `${c}::${sqlType}`,
    failsWhen:
      to.options.precision === undefined
        ? null
        : (c) => `NOT stagecraft.input_is_valid(${c}::text, ${quoteLiteral(sqlType)})`,
    lossy: toScale !== null && (fromScale === null || fromScale > toScale),
  };
}

const optionalLiteral = (value: number | undefined) => (value === undefined ? null : numericLiteral(value));

export const numberFieldType: FieldTypeDefinition<'number'> = {
  type: 'number',
  storage: 'numeric',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    ...UNIQUE_INDEX_PROPERTIES,
    precision: { type: 'integer', minimum: 1, maximum: NUMERIC_MAX_PRECISION },
    scale: { type: 'integer', minimum: 0, maximum: NUMERIC_MAX_PRECISION },
    default: { type: 'number' },
    min: { type: 'number' },
    max: { type: 'number' },
  }),
  validateOptions: (field, { path }) => {
    const optionsPath = joinPath(path, 'options');
    const issues = semanticIssues(field, optionsPath);
    return issues.length > 0 ? issues : defaultIssues(field.options.default, valueSchema(field), optionsPath);
  },
  columnType: (field) => ({
    sqlType: numericSqlType(field.options),
    checks: rangeChecks(optionalLiteral(field.options.min), optionalLiteral(field.options.max)),
    unique: field.options.unique === true,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => optionalLiteral(field.options.default),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) => {
    const value = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
    if (Number.isFinite(value)) return { ok: true, value };
    return { ok: false, message: `"${raw}" is not a number` };
  },
  operators: () => ORDERED_OPERATORS,
  castFrom: (from, to) => {
    if (isTextStored(from.type)) return textInputCast(numericSqlType(to.options));
    if (from.type === 'integer' || from.type === 'number') return numericCast(from, to);
    return null;
  },
  // numeric(p,s) values travel as JSON numbers.
  typescript: (field) => sameInAndOut(tsNullable('number', field.options.required)),
  junction: () => null,
};
