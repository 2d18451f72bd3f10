// The field-type registry: one entry per type name, checked complete by the compiler, and the
// accessor that hands a field its type module with the options typed to match.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import type { FieldType } from '../metadata/field-type-name.js';
import { booleanFieldType } from './boolean.field-type.js';
import { dateFieldType } from './date.field-type.js';
import { datetimeFieldType } from './datetime.field-type.js';
import { emailFieldType } from './email.field-type.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { integerFieldType } from './integer.field-type.js';
import { jsonFieldType } from './json.field-type.js';
import { longTextFieldType } from './long-text.field-type.js';
import { multiSelectFieldType } from './multi-select.field-type.js';
import { numberFieldType } from './number.field-type.js';
import { relationFieldType } from './relation.field-type.js';
import { secretFieldType } from './secret.field-type.js';
import { selectFieldType } from './select.field-type.js';
import { fileFieldType } from './file.field-type.js';
import { textFieldType } from './text.field-type.js';
import { urlFieldType } from './url.field-type.js';

export type FieldTypeRegistry = { readonly [T in FieldType]: FieldTypeDefinition<T> };

export const FIELD_TYPES: FieldTypeRegistry = {
  text: textFieldType,
  long_text: longTextFieldType,
  integer: integerFieldType,
  number: numberFieldType,
  boolean: booleanFieldType,
  date: dateFieldType,
  datetime: datetimeFieldType,
  json: jsonFieldType,
  email: emailFieldType,
  url: urlFieldType,
  select: selectFieldType,
  multi_select: multiSelectFieldType,
  relation: relationFieldType,
  secret: secretFieldType,
  file: fileFieldType,
};

export function getFieldType<T extends FieldType>(type: T): FieldTypeDefinition<T> {
  return FIELD_TYPES[type];
}

/** The type module of a field, typed so its methods accept that same field. */
export function fieldTypeOf<T extends FieldType>(field: FieldDefinitionOf<T>): FieldTypeDefinition<T> {
  return FIELD_TYPES[field.type];
}
