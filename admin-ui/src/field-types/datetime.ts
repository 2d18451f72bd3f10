// datetime: an instant with time zone (timestamptz); the default may be `now`.
import { COMMON, UNIQUE_INDEX, type FieldTypeUi } from './field-type-ui';

export const datetimeType: FieldTypeUi = {
  type: 'datetime',
  label: 'Date & time',
  description: 'An instant, with time zone',
  value: 'datetime',
  options: () => [...COMMON, ...UNIQUE_INDEX, 'min', 'max', 'default'],
  bounds: 'datetime',
  sortable: true,
};
