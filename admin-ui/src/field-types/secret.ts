// secret: encrypted at rest, write-only; length and pattern apply to the plaintext.
import { LENGTH, type FieldTypeUi } from './field-type-ui';

export const secretType: FieldTypeUi = {
  type: 'secret',
  label: 'Secret',
  description: 'Encrypted, never returned',
  value: 'secret',
  options: () => ['required', 'readOnly', ...LENGTH],
  sortable: false,
};
