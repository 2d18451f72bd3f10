// `multi_select`: several values out of a fixed list, as `text[]` with CHECKs on membership and
// count; `indexed` builds a GIN index for the `?=` (contains) operator.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import type { JsonSchemaObject } from '../json-schema/json-schema.js';
import { textArrayLiteral } from '../sql/quote-literal.js';
import { issue, joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import type { CheckSpec, FieldTypeDefinition } from './field-type-definition.js';
import { indexMethod } from './column-helpers.js';
import { ARRAY_OPERATORS } from './operators.js';
import { COMMON_OPTION_PROPERTIES, MAX_SELECT_ITEMS, SELECT_VALUES, optionsObject } from './option-schemas.js';
import { valuesIssues } from './select-values.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsArrayOf, tsNullable, tsUnion } from './typescript-types.js';

/**
 * A required multi_select needs at least one value, as in PocketBase. Without maxSelect the bound
 * is the number of values: items are distinct and each one of them.
 */
function valueSchema(field: FieldDefinitionOf<'multi_select'>): JsonSchemaObject {
  const { values, maxSelect, required } = field.options;
  const schema: JsonSchemaObject = { type: 'array', items: { type: 'string', enum: [...values] }, uniqueItems: true };
  schema.maxItems = maxSelect ?? values.length;
  if (required === true) schema.minItems = 1;
  return nullable(schema, required);
}

function semanticIssues(field: FieldDefinitionOf<'multi_select'>, optionsPath: string): ValidationIssue[] {
  const { values, maxSelect, default: value } = field.options;
  const issues = valuesIssues(values, optionsPath);
  if (maxSelect !== undefined && values.length > 0 && maxSelect > values.length) {
    issues.push(
      issue(
        joinPath(optionsPath, 'maxSelect'),
        'option_out_of_range',
        `The maxSelect (${maxSelect}) exceeds the number of values (${values.length}).`,
      ),
    );
  }
  if (value === undefined) return issues;
  const path = joinPath(optionsPath, 'default');
  const unknown = value.filter((item) => !values.includes(item));
  if (unknown.length > 0)
    issues.push(
      issue(
        path,
        'default_not_in_values',
        `The default names values that are not among the values: ${unknown.join(', ')}.`,
      ),
    );
  if (new Set(value).size !== value.length) issues.push(issue(path, 'invalid_default', 'The default repeats a value.'));
  if (maxSelect !== undefined && value.length > maxSelect)
    issues.push(issue(path, 'invalid_default', `The default has more than ${maxSelect} values.`));
  if (field.options.required === true && value.length === 0)
    issues.push(issue(path, 'invalid_default', 'A required field cannot default to no values.'));
  return issues;
}

function checks(field: FieldDefinitionOf<'multi_select'>): CheckSpec[] {
  const { values, maxSelect } = field.options;
  const result: CheckSpec[] = [{ kind: 'values', predicate: (c) => `${c} <@ ${textArrayLiteral(values)}` }];
  if (maxSelect !== undefined) result.push({ kind: 'maxsel', predicate: (c) => `cardinality(${c}) <= ${maxSelect}` });
  return result;
}

export const multiSelectFieldType: FieldTypeDefinition<'multi_select'> = {
  type: 'multi_select',
  storage: 'text_array',
  sortable: false,
  optionsSchema: optionsObject(
    {
      ...COMMON_OPTION_PROPERTIES,
      indexed: { type: 'boolean' },
      values: SELECT_VALUES,
      maxSelect: { type: 'integer', minimum: 1, maximum: MAX_SELECT_ITEMS },
      default: { type: 'array', items: { type: 'string' } },
    },
    ['values'],
  ),
  validateOptions: (field, { path }) => semanticIssues(field, joinPath(path, 'options')),
  columnType: (field) => ({
    sqlType: 'text[]',
    checks: checks(field),
    unique: false,
    index: indexMethod(field.options, 'gin'),
    references: null,
  }),
  defaultSql: (field) => (field.options.default === undefined ? null : textArrayLiteral(field.options.default)),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw, field) =>
    field.options.values.includes(raw)
      ? { ok: true, value: raw }
      : { ok: false, message: `"${raw}" is not one of: ${field.options.values.join(', ')}` },
  operators: () => ARRAY_OPERATORS,
  castFrom: (from) => {
    if (from.type !== 'select') return null;
    return { using: (c) => `CASE WHEN ${c} IS NULL THEN NULL ELSE ARRAY[${c}] END`, failsWhen: null, lossy: false };
  },
  typescript: (field) => sameInAndOut(tsNullable(tsArrayOf(tsUnion(field.options.values)), field.options.required)),
  junction: () => null,
};
