// What a cached answer depends on, worked out from metadata alone (once per schema version):
// which collections' rows can change it, and which facts about the caller its rules read. A
// list or get of a collection reads its own rows, the ids its many-to-many fields link to,
// and every collection its list and view rules reach through relation paths, each of those
// under its own view rule in turn. Over-counting is safe (an answer ends sooner); missing one
// would serve a stale answer, so every relation a path passes through is counted.

import { fieldMentions, requestMacros, type Expression } from '@stagecraft/query';
import { USERS_COLLECTION } from '@stagecraft/schema';
import type { CompiledCollection } from '../compiled-collection.js';
import type { CompiledSchema } from '../compile-schema.js';

export type RequestMacro = 'now' | 'auth.id' | 'auth.role' | 'auth.aal';

export interface ReadDependencies {
  /** Collection names whose changes can change the answer. */
  readonly collections: ReadonlySet<string>;
  /** Request facts the rules involved read. */
  readonly macros: ReadonlySet<RequestMacro>;
}

interface SchemaDependencies {
  readonly byCollection: Map<string, ReadDependencies>;
  /** Collections connected by relations to a collection with caching on: writes to them must bump. */
  readonly relevant: ReadonlySet<string>;
  /** For each collection, those whose stored values a change to it can change (cascades, links). */
  readonly affected: Map<string, ReadonlySet<string>>;
}

const bySchema = new WeakMap<CompiledSchema, SchemaDependencies>();

function schemaDependencies(schema: CompiledSchema): SchemaDependencies {
  let found = bySchema.get(schema);
  if (!found) {
    found = { byCollection: new Map(), relevant: relevantCollections(schema), affected: new Map() };
    bySchema.set(schema, found);
  }
  return found;
}

/**
 * The collections a relation path passes through, from `collection` (itself excluded). Walked
 * in the query compiler's schema, which also knows `created_by` (a relation to users).
 */
export function pathCollections(
  schema: CompiledSchema,
  collection: CompiledCollection,
  path: readonly string[],
): string[] {
  const passed: string[] = [];
  let current = schema.querySchemaForAdmins.collection(collection.name);
  for (const name of path) {
    const target = current?.fields.get(name)?.relation?.target;
    if (target === undefined) break;
    passed.push(target);
    current = schema.querySchemaForAdmins.collection(target);
  }
  return passed;
}

/** Collections and macros an expression over `collection` reads (paths, then their rules). */
export function expressionReads(
  schema: CompiledSchema,
  collection: CompiledCollection,
  expression: Expression,
): { collections: string[]; macros: Set<RequestMacro> } {
  const collections = fieldMentions(expression).flatMap((mention) =>
    mention.kind === 'path' ? pathCollections(schema, collection, mention.path) : [],
  );
  return { collections, macros: requestMacros(expression) };
}

/** What reading `name` (its list and view rules, its links) depends on, transitively. */
export function readDependencies(schema: CompiledSchema, name: string): ReadDependencies {
  const memo = schemaDependencies(schema).byCollection;
  const cached = memo.get(name);
  if (cached) return cached;
  const collections = new Set<string>();
  const macros = new Set<RequestMacro>();
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (collections.has(next)) continue;
    collections.add(next);
    const collection = schema.collections.get(next);
    if (!collection) continue;
    for (const field of collection.fields.values()) {
      if (field.kind === 'many_to_many' && field.target !== undefined) pending.push(field.target);
    }
    for (const rule of [collection.rules.list, collection.rules.view]) {
      if (rule === null || rule === 'anyone') continue;
      const reads = expressionReads(schema, collection, rule);
      pending.push(...reads.collections);
      for (const macro of reads.macros) macros.add(macro);
    }
  }
  const dependencies = { collections, macros };
  memo.set(name, dependencies);
  return dependencies;
}

/** Every collection in a relation-connected group that holds a cached collection. */
function relevantCollections(schema: CompiledSchema): Set<string> {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    neighbours.set(a, (neighbours.get(a) ?? new Set()).add(b));
    neighbours.set(b, (neighbours.get(b) ?? new Set()).add(a));
  };
  for (const collection of schema.collections.values()) {
    link(collection.name, USERS_COLLECTION); // created_by
    for (const field of collection.fields.values()) {
      if (field.target !== undefined) link(collection.name, field.target);
    }
  }
  const relevant = new Set<string>();
  const pending = [...schema.collections.values()]
    .filter((collection) => (collection.definition.cache ?? null) !== null)
    .map((collection) => collection.name);
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (relevant.has(next)) continue;
    relevant.add(next);
    pending.push(...(neighbours.get(next) ?? []));
  }
  return relevant;
}

/**
 * The collections whose data versions a committed change to `name` must bump, or none when no
 * cached answer can depend on it: `name` and every collection holding a relation to it, since
 * a delete cascades into them (ON DELETE CASCADE / SET NULL, links removed). Every collection
 * holds one to users: `created_by`.
 */
export function collectionsToBump(schema: CompiledSchema, name: string): ReadonlySet<string> {
  const dependencies = schemaDependencies(schema);
  if (!dependencies.relevant.has(name)) return new Set();
  const cached = dependencies.affected.get(name);
  if (cached) return cached;
  const affected = new Set<string>();
  const pending = [name];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (affected.has(next)) continue;
    affected.add(next);
    for (const collection of schema.collections.values()) {
      if (next === USERS_COLLECTION) pending.push(collection.name);
      for (const field of collection.fields.values()) {
        if (field.target === next && field.kind !== 'virtual') pending.push(collection.name);
      }
    }
  }
  dependencies.affected.set(name, affected);
  return affected;
}
