// number: exact decimals (numeric column), optionally with precision and scale.
import { COMMON, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const numberType: FieldTypeUi = {
  type: 'number',
  label: 'Number',
  description: 'A decimal number',
  value: 'number',
  options: () => [...COMMON, ...UNIQUE_INDEX, 'min', 'max', 'precision', 'scale', 'default'],
  bounds: 'number',
  sortable: true,
};
