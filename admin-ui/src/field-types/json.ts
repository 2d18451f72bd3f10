// json: any JSON value (jsonb); the index is GIN, serving `?=`.
import { COMMON, type FieldTypeUi } from './field-type-ui';

export const jsonType: FieldTypeUi = {
  type: 'json',
  label: 'JSON',
  description: 'Any JSON value',
  value: 'json',
  options: () => [...COMMON, 'indexed', 'default'],
  sortable: false,
};
