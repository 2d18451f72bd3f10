// The closed list of field type names, in one place so the registry, the validator and the
// console agree; adding a type means adding it here and one module under field-types/.
export const FIELD_TYPE_NAMES = [
  'text',
  'long_text',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'json',
  'email',
  'url',
  'select',
  'multi_select',
  'relation',
  'secret',
  'file',
] as const;

export type FieldType = (typeof FIELD_TYPE_NAMES)[number];

export function isFieldType(value: unknown): value is FieldType {
  return typeof value === 'string' && (FIELD_TYPE_NAMES as readonly string[]).includes(value);
}
