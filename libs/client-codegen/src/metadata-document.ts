// The collection metadata the generator reads, from either answer a server gives for it:
// GET /api/v1/collections (`{ data: [...] }`) or a schema snapshot (`{ format: 1, collections }`;
// its `functions` are not part of the client's types and are left alone). Only the shape the
// generator relies on is checked, with a message that names what is wrong.

import { isFieldType, type CollectionDefinition } from '@stagecraft/schema';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkCollection(value: unknown, index: number): CollectionDefinition {
  const where = `collections[${index}]`;
  if (!isObject(value) || typeof value.name !== 'string' || !Array.isArray(value.fields)) {
    throw new Error(`${where} is not a collection (it needs a name and fields)`);
  }
  value.fields.forEach((field: unknown, position) => {
    const path = `${where}.fields[${position}]`;
    if (!isObject(field) || typeof field.name !== 'string' || !isObject(field.options)) {
      throw new Error(`${path} is not a field (it needs a name, a type and options)`);
    }
    if (!isFieldType(field.type)) {
      throw new Error(
        `${path} (${value.name as string}.${field.name}) has the unknown type ${JSON.stringify(field.type)}: is this CLI older than the server?`,
      );
    }
  });
  return value as unknown as CollectionDefinition;
}

/** The collections of a GET /api/v1/collections answer or a schema snapshot. */
export function collectionsOf(document: unknown): CollectionDefinition[] {
  const list = isObject(document) ? (document.collections ?? document.data) : undefined;
  if (!Array.isArray(list)) {
    throw new Error(
      'Expected collection metadata: a schema snapshot ({"format": 1, "collections": [...]}) or the answer of GET /api/v1/collections ({"data": [...]})',
    );
  }
  return list.map(checkCollection);
}
