// Validates one field definition from untrusted input: its shape, its name, its type, and its
// options (shape by ajv, then the type's own semantic checks), reporting every problem found.
import type { FieldDefinition } from '../metadata/field-definition.js';
import { isFieldType } from '../metadata/field-type-name.js';
import type { FieldValidationContext } from '../field-types/field-type-definition.js';
import { fieldTypeOf } from '../field-types/registry.js';
import { nameIssues } from './name-issues.js';
import { optionsShapeIssues } from './options-shape.js';
import { booleanIssues, idIssues, isRecord, unknownKeyIssues } from './shape-checks.js';
import { issue, joinPath, valueIssue, type ValidationIssue } from './validation-issue.js';

const FIELD_KEYS = ['id', 'name', 'type', 'options', 'position', 'system'] as const;

function positionIssues(value: unknown, path: string): ValidationIssue[] {
  if (Number.isSafeInteger(value) && (value as number) >= 0) return [];
  return [valueIssue(path, 'invalid_structure', 'must be a whole number, 0 or more')];
}

/** System fields are exempt: the engine itself writes them (a password hash, a role). */
function readOnlyRequiredIssues(
  field: Record<string, unknown>,
  options: Record<string, unknown>,
  optionsPath: string,
): ValidationIssue[] {
  if (field['system'] === true) return [];
  if (options['readOnly'] !== true || options['required'] !== true || options['default'] !== undefined) return [];
  return [
    issue(
      joinPath(optionsPath, 'readOnly'),
      'read_only_required',
      'A read-only required field needs a default, or no client could create a record.',
    ),
  ];
}

export function validateFieldDefinition(field: unknown, context: FieldValidationContext): ValidationIssue[] {
  const { path } = context;
  if (!isRecord(field)) return [issue(path, 'invalid_structure', 'A field must be an object.')];
  const issues = [
    ...unknownKeyIssues(field, FIELD_KEYS, path),
    ...idIssues(field['id'], joinPath(path, 'id')),
    ...nameIssues(field['name'], joinPath(path, 'name'), 'field'),
    ...positionIssues(field['position'], joinPath(path, 'position')),
    ...booleanIssues(field['system'], joinPath(path, 'system')),
  ];
  const type = field['type'];
  if (!isFieldType(type)) {
    return [
      ...issues,
      issue(joinPath(path, 'type'), 'unknown_type', `There is no field type ${JSON.stringify(type)}.`),
    ];
  }
  const optionsPath = joinPath(path, 'options');
  const options = field['options'];
  if (!isRecord(options)) return [...issues, issue(optionsPath, 'invalid_structure', 'The options must be an object.')];
  const shape = optionsShapeIssues(type, options, optionsPath);
  if (shape.length > 0) return [...issues, ...shape, ...readOnlyRequiredIssues(field, options, optionsPath)];
  // The options now have the type's shape, so the type module may read them as typed.
  const typed = field as unknown as FieldDefinition;
  return [
    ...issues,
    ...fieldTypeOf(typed).validateOptions(typed, context),
    ...readOnlyRequiredIssues(field, options, optionsPath),
  ];
}
