// Renames a collection in a schema and rewrites every relation that names it, since relation
// targets are collection names: the API's PATCH /collections/{c} needs both in one change.
import type { CollectionDefinition } from './collection-definition.js';
import type { FieldDefinition } from './field-definition.js';

function retarget(field: FieldDefinition, from: string, to: string): FieldDefinition {
  if (field.type !== 'relation' || field.options.target !== from) return field;
  return { ...field, options: { ...field.options, target: to } };
}

export function renameCollection(
  collections: readonly CollectionDefinition[],
  id: string,
  name: string,
): CollectionDefinition[] {
  const old = collections.find((c) => c.id.toLowerCase() === id.toLowerCase());
  if (old === undefined) return [...collections];
  return collections.map((c) => ({
    ...c,
    name: c === old ? name : c.name,
    fields: c.fields.map((f) => retarget(f, old.name, name)),
  }));
}
