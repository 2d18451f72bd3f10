// text: a single line (text column), with length, pattern, unique and index options.
import { COMMON, LENGTH, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const textType: FieldTypeUi = {
  type: 'text',
  label: 'Text',
  description: 'A line of text',
  value: 'string',
  options: () => [...COMMON, ...UNIQUE_INDEX, ...LENGTH, 'default'],
  sortable: true,
};
