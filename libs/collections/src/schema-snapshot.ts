// One immutable view of every collection at one schema version. Shared read-only by every
// request until the schema changes; things derived from it (validators, compiled rules,
// OpenAPI) can be cached per snapshot object.

import type { CollectionDefinition } from '@stagecraft/schema';

export interface SchemaSnapshot {
  readonly version: number;
  readonly collections: readonly CollectionDefinition[];
  readonly byName: ReadonlyMap<string, CollectionDefinition>;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export function createSnapshot(version: number, collections: CollectionDefinition[]): SchemaSnapshot {
  deepFreeze(collections);
  return Object.freeze({
    version,
    collections,
    byName: new Map(collections.map((collection) => [collection.name, collection])),
  });
}
