// The registry: every field type the console can edit, in the order the type picker shows.
import type { FieldType } from '../api';
import { booleanType } from './boolean';
import { dateType } from './date';
import { datetimeType } from './datetime';
import { emailType } from './email';
import type { FieldTypeUi } from './field-type-ui';
import { fileType } from './file';
import { integerType } from './integer';
import { jsonType } from './json';
import { longTextType } from './long-text';
import { multiSelectType } from './multi-select';
import { numberType } from './number';
import { relationType } from './relation';
import { secretType } from './secret';
import { selectType } from './select';
import { textType } from './text';
import { urlType } from './url';

export const FIELD_TYPE_UI: Record<FieldType, FieldTypeUi> = {
  text: textType,
  long_text: longTextType,
  integer: integerType,
  number: numberType,
  boolean: booleanType,
  date: dateType,
  datetime: datetimeType,
  json: jsonType,
  email: emailType,
  url: urlType,
  select: selectType,
  multi_select: multiSelectType,
  relation: relationType,
  secret: secretType,
  file: fileType,
};

export function fieldTypeUi(type: FieldType): FieldTypeUi {
  return FIELD_TYPE_UI[type];
}

export type { FieldTypeUi, OptionKey, ValueKind, FlagOption } from './field-type-ui';
