// What text, long_text, email and url have in common: the same column, the same length and
// pattern rules, and a string value schema that each refines with its own format.
import type { LengthOptions } from '../metadata/field-options.js';
import type { JsonSchemaObject } from '../json-schema/json-schema.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import { joinPath, type ValidationIssue } from '../validation/validation-issue.js';
import { lengthChecks, NOT_BLANK_PATTERN, notBlankCheck } from './check-specs.js';
import { indexMethod } from './column-helpers.js';
import type { ColumnTypeSpec } from './field-type-definition.js';
import { defaultIssues, lengthIssues } from './option-rules.js';
import { MAX_TEXT_LENGTH } from './option-schemas.js';
import { nullable } from './value-schemas.js';

export interface TextFamilyOptions extends LengthOptions {
  required?: boolean;
  unique?: boolean;
  indexed?: boolean;
  default?: string;
}

/**
 * A string schema with the field's lengths and pattern; a built-in pattern and the user's are both
 * kept, and a required one must not be blank (check-specs.ts). Without a `maxLength` option the value is held to MAX_TEXT_LENGTH, the largest the option
 * may declare, so every text value has a bound the validator checks and the document states.
 */
export function textValueSchema(options: TextFamilyOptions, refinement: JsonSchemaObject = {}): JsonSchemaObject {
  const schema = nullable({ type: 'string', ...refinement }, options.required);
  if (options.minLength !== undefined) schema.minLength = options.minLength;
  schema.maxLength = options.maxLength ?? MAX_TEXT_LENGTH;
  // The length is repeated in each part so it states its own bound, as every string schema does.
  const parts: JsonSchemaObject[] = [];
  if (options.pattern !== undefined) {
    if (schema.pattern === undefined) schema.pattern = options.pattern;
    else parts.push({ type: schema.type, pattern: options.pattern, maxLength: schema.maxLength });
  }
  if (options.required === true)
    parts.push({ type: schema.type, pattern: NOT_BLANK_PATTERN, maxLength: schema.maxLength });
  if (parts.length > 0) schema.allOf = parts;
  return schema;
}

export function textColumn(options: TextFamilyOptions): ColumnTypeSpec {
  return {
    sqlType: 'text',
    checks: options.required === true ? [...lengthChecks(options), notBlankCheck] : lengthChecks(options),
    unique: options.unique === true,
    index: indexMethod(options),
    references: null,
  };
}

export function textDefaultSql(options: TextFamilyOptions): string | null {
  return options.default === undefined ? null : quoteLiteral(options.default);
}

export function textOptionIssues(
  options: TextFamilyOptions,
  valueSchema: JsonSchemaObject,
  path: string,
): ValidationIssue[] {
  const optionsPath = joinPath(path, 'options');
  const issues = lengthIssues(options, optionsPath);
  // A default is only checked against a schema whose own parts are valid.
  return issues.length > 0 ? issues : defaultIssues(options.default, valueSchema, optionsPath);
}
