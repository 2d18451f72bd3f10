// select: one value of a fixed list.
import { COMMON, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const selectType: FieldTypeUi = {
  type: 'select',
  label: 'Select',
  description: 'One value from a list',
  value: 'select',
  options: () => [...COMMON, ...UNIQUE_INDEX, 'values', 'default'],
  sortable: true,
};
