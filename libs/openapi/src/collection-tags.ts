// One tag per collection, named by its label; a label two collections share gets the collection
// name appended, since OpenAPI tag names must be unique.
import type { CollectionDefinition } from '@stagecraft/schema';
import type { TagObject } from './openapi-types.js';

/** Collection name → tag name. */
export function tagNames(collections: readonly CollectionDefinition[]): ReadonlyMap<string, string> {
  const counts = new Map<string, number>();
  const label = (c: CollectionDefinition): string => (c.label.trim() === '' ? c.name : c.label.trim());
  for (const c of collections) counts.set(label(c), (counts.get(label(c)) ?? 0) + 1);
  return new Map(
    collections.map((c) => [c.name, (counts.get(label(c)) ?? 0) > 1 ? `${label(c)} (${c.name})` : label(c)]),
  );
}

export function collectionTag(collection: CollectionDefinition, name: string): TagObject {
  const description = collection.description.trim();
  const records = `Records of the \`${collection.name}\` collection.`;
  return { name, description: description === '' ? records : `${description}\n\n${records}` };
}
