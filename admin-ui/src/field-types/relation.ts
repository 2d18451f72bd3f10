// relation: many-to-one (a foreign key), one-to-many (virtual, the reverse of a many-to-one)
// or many-to-many (a junction table).
import { COMMON, type FieldTypeUi } from './field-type-ui';

export const relationType: FieldTypeUi = {
  type: 'relation',
  label: 'Relation',
  description: 'Links to records of another collection',
  value: 'relation',
  options: (kind = 'many_to_one') => {
    switch (kind) {
      case 'many_to_one':
        return [...COMMON, 'target', 'onDelete', 'unique'];
      case 'one_to_many':
        return ['target', 'via', 'hidden'];
      case 'many_to_many':
        return [...COMMON, 'target', 'maxSelect'];
    }
  },
  sortable: true,
};
