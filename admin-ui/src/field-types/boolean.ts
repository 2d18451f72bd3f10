// boolean: true or false.
import { COMMON, type FieldTypeUi } from './field-type-ui';

export const booleanType: FieldTypeUi = {
  type: 'boolean',
  label: 'Boolean',
  description: 'Yes or no',
  value: 'boolean',
  options: () => [...COMMON, 'indexed', 'default'],
  sortable: true,
};
