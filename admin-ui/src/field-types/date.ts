// date: a calendar day (YYYY-MM-DD); the default may be `now`.
import { COMMON, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const dateType: FieldTypeUi = {
  type: 'date',
  label: 'Date',
  description: 'A calendar day',
  value: 'date',
  options: () => [...COMMON, ...UNIQUE_INDEX, 'min', 'max', 'default'],
  bounds: 'date',
  sortable: true,
};
