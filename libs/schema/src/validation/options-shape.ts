// Checks a field's options against its type's options schema with ajv and turns every ajv error
// into a report entry with a stable code and a path like `fields[2].options.values[1]`.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { FieldType } from '../metadata/field-type-name.js';
import { ajv } from '../json-schema/ajv-instance.js';
import { ajvPredicate } from '../json-schema/ajv-wording.js';
import { getFieldType } from '../field-types/registry.js';
import { issue, joinPath, valueIssue, type IssueCode, type ValidationIssue } from './validation-issue.js';

const compiled = new Map<FieldType, ValidateFunction>();

function validatorFor(type: FieldType): ValidateFunction {
  let validate = compiled.get(type);
  if (validate === undefined) {
    validate = ajv.compile(getFieldType(type).optionsSchema);
    compiled.set(type, validate);
  }
  return validate;
}

const CODE_BY_KEYWORD: Record<string, IssueCode> = {
  additionalProperties: 'unknown_option',
  required: 'missing_option',
  minimum: 'option_out_of_range',
  maximum: 'option_out_of_range',
  exclusiveMinimum: 'option_out_of_range',
  exclusiveMaximum: 'option_out_of_range',
  minLength: 'option_out_of_range',
  maxLength: 'option_out_of_range',
  maxItems: 'option_out_of_range',
};

/** `/values/2` → `values[2]`. */
function pointerToPath(base: string, pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, token) => joinPath(path, /^\d+$/.test(token) ? Number(token) : token), base);
}

function toIssue(error: ErrorObject, optionsPath: string): ValidationIssue {
  const path = pointerToPath(optionsPath, error.instancePath);
  const code = CODE_BY_KEYWORD[error.keyword] ?? 'invalid_option';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const option = String(params['additionalProperty']);
    // Quoted as sent: an unknown option is often a misspelt one.
    return issue(joinPath(path, option), code, `"${option}" is not an option of this field type.`);
  }
  if (error.keyword === 'required')
    return valueIssue(joinPath(path, String(params['missingProperty'])), code, 'is required');
  return valueIssue(path, code, ajvPredicate(error) ?? `is not valid (${error.message ?? error.keyword})`);
}

export function optionsShapeIssues(type: FieldType, options: unknown, optionsPath: string): ValidationIssue[] {
  const validate = validatorFor(type);
  if (validate(options)) return [];
  return (validate.errors ?? []).map((error) => toIssue(error, optionsPath));
}
