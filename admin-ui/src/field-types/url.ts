// url: text checked as a URL.
import { COMMON, LENGTH, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const urlType: FieldTypeUi = {
  type: 'url',
  label: 'URL',
  description: 'A web address',
  value: 'url',
  options: () => [...COMMON, ...UNIQUE_INDEX, ...LENGTH, 'default'],
  sortable: true,
};
