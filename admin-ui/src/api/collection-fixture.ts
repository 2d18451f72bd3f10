// A collection definition for console unit tests, from its name and fields: the rest (ids,
// rules, cache) filled in as the API would for a new collection.
import type { CollectionDefinition, FieldDefinition } from './index';

export function testCollection(
  name: string,
  fields: Pick<FieldDefinition, 'name' | 'type' | 'options'>[],
): CollectionDefinition {
  return {
    id: name,
    name,
    label: name,
    description: '',
    system: false,
    rules: { list: null, view: null, create: null, update: null, delete: null },
    cache: null,
    fields: fields.map((field, position) => ({ ...field, id: `${name}.${field.name}`, position, system: false })),
  };
}
