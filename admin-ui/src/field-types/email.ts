// email: text checked as an email address.
import { COMMON, LENGTH, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const emailType: FieldTypeUi = {
  type: 'email',
  label: 'Email',
  description: 'An email address',
  value: 'email',
  options: () => [...COMMON, ...UNIQUE_INDEX, ...LENGTH, 'default'],
  sortable: true,
};
