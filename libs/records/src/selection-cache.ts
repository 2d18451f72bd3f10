// Values worked out once per collection, selected fields and a key (an alias, a column prefix):
// select lists and record readers of GraphQL selections, whose field sets are kept with their
// plans. Weakly held by collection and field set, so a schema version or plan that goes away
// takes its entries with it.

import type { CompiledCollection } from './compiled-collection.js';

export class SelectionCache<T> {
  private readonly byCollection = new WeakMap<CompiledCollection, WeakMap<ReadonlySet<string>, Map<string, T>>>();

  constructor(private readonly make: (collection: CompiledCollection, fields: ReadonlySet<string>, key: string) => T) {}

  get(collection: CompiledCollection, fields: ReadonlySet<string>, key: string): T {
    let byFields = this.byCollection.get(collection);
    if (!byFields) {
      byFields = new WeakMap();
      this.byCollection.set(collection, byFields);
    }
    let byKey = byFields.get(fields);
    if (!byKey) {
      byKey = new Map();
      byFields.set(fields, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = this.make(collection, fields, key);
      byKey.set(key, value);
    }
    return value;
  }
}
