// integer: whole numbers (bigint column) with bounds.
import { COMMON, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const integerType: FieldTypeUi = {
  type: 'integer',
  label: 'Integer',
  description: 'A whole number',
  value: 'integer',
  options: () => [...COMMON, ...UNIQUE_INDEX, 'min', 'max', 'default'],
  bounds: 'number',
  sortable: true,
};
