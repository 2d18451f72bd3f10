// long_text: paragraphs; not indexable (btree entries are capped near 2.7 kB).
import { COMMON, LENGTH, type FieldTypeUi } from './field-type-ui';

export const longTextType: FieldTypeUi = {
  type: 'long_text',
  label: 'Long text',
  description: 'Paragraphs of text',
  value: 'long_string',
  options: () => [...COMMON, ...LENGTH, 'default'],
  sortable: true,
};
