// multi_select: several values of a fixed list (text[]); the index is GIN, serving `?=`.
import { COMMON, type FieldTypeUi } from './field-type-ui';

export const multiSelectType: FieldTypeUi = {
  type: 'multi_select',
  label: 'Multi-select',
  description: 'Several values from a list',
  value: 'multi_select',
  options: () => [...COMMON, 'values', 'maxSelect', 'indexed', 'default'],
  sortable: false,
};
