// How one read is cached: its key, the data versions that must be unchanged for a stored
// answer to be served, and its TTL; or why it is not cached. The key holds everything that can
// change the answer: the schema version, the collection, the normalised query, and the rule
// context, which is what the rules involved read of the caller (anonymous, role, id, aal) and
// no more, so a public collection's pages are shared by every caller while an owner-only
// collection's are kept per user. Rules or filters reading the clock are never cached.

import { createHash } from 'node:crypto';
import { parseExpression } from '@stagecraft/query';
import { isAdmin, type RequestScope } from '../access.js';
import type { CompiledCollection } from '../compiled-collection.js';
import type { CompiledSchema } from '../compile-schema.js';
import { expressionReads, pathCollections, readDependencies, type RequestMacro } from './read-dependencies.js';

export type CachePlan =
  | {
      readonly cached: true;
      /** Unique per answer; starts with the collection id. */
      readonly key: string;
      /** Ids of the collections whose data versions the answer was computed at. */
      readonly dependencyIds: readonly string[];
      readonly ttlSeconds: number;
    }
  | { readonly cached: false };

const NOT_CACHED: CachePlan = { cached: false };
const LIST_PARAMS = ['filter', 'sort', 'fields', 'expand', 'limit', 'offset', 'cursor', 'count'] as const;

/** What a read names beyond the collection: a filter and a sort (lists) and relations to expand. */
export interface ReadShape {
  readonly filter?: string | string[];
  readonly sort?: string | string[];
  readonly expand?: string | string[];
}

interface Reads {
  readonly collections: Set<string>;
  readonly macros: Set<RequestMacro>;
}

const MAX_FILTERS_PER_SCHEMA = 500;
const filterReadsBySchema = new WeakMap<CompiledSchema, Map<string, Reads | null>>();

/** The collections and macros a filter reads; null when it does not parse (the read answers 400). */
function filterReads(schema: CompiledSchema, collection: CompiledCollection, filter: string): Reads | null {
  let memo = filterReadsBySchema.get(schema);
  if (!memo) {
    memo = new Map<string, Reads | null>();
    filterReadsBySchema.set(schema, memo);
  }
  const key = `${collection.name}\u0000${filter}`;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let reads: Reads | null;
  try {
    const found = expressionReads(schema, collection, parseExpression(filter));
    reads = { collections: new Set(found.collections), macros: found.macros };
  } catch {
    reads = null;
  }
  if (memo.size >= MAX_FILTERS_PER_SCHEMA) memo.delete(memo.keys().next().value as string);
  memo.set(key, reads);
  return reads;
}

/** Everything the read depends on, or null when it cannot be cached. */
function readsOf(scope: RequestScope, collection: CompiledCollection, shape: ReadShape): Reads | null {
  const { schema } = scope;
  const reached = new Set([collection.name]);
  const macros = new Set<RequestMacro>();
  if (Array.isArray(shape.filter) || Array.isArray(shape.sort) || Array.isArray(shape.expand)) return null; // a 400
  if (shape.filter !== undefined && shape.filter.trim() !== '') {
    const reads = filterReads(schema, collection, shape.filter);
    if (reads === null) return null;
    for (const name of reads.collections) reached.add(name);
    for (const macro of reads.macros) macros.add(macro);
  }
  for (const path of (shape.expand ?? '').split(',')) {
    for (const name of pathCollections(schema, collection, path.trim().split('.'))) reached.add(name);
  }
  // `author.name`: the order depends on the related records (and their view rule).
  for (const key of (shape.sort ?? '').split(',')) {
    const relations = key.trim().replace(/^-/, '').split('.').slice(0, -1);
    for (const name of pathCollections(schema, collection, relations)) reached.add(name);
  }
  const collections = new Set<string>();
  for (const name of reached) {
    const dependencies = readDependencies(schema, name);
    for (const dependency of dependencies.collections) collections.add(dependency);
    for (const macro of dependencies.macros) macros.add(macro);
  }
  return { collections, macros };
}

/** The facts about the caller that can change the answer, as a string. */
function ruleContext(scope: RequestScope, macros: ReadonlySet<RequestMacro>): string {
  const { principal } = scope;
  if (isAdmin(principal)) return 'admin'; // every rule passes; hidden fields may be named
  return JSON.stringify([
    macros.has('auth.id') ? (principal?.id ?? null) : '-',
    macros.has('auth.role') ? (principal?.role ?? null) : '-',
    macros.has('auth.aal') ? (principal?.aal ?? null) : '-',
  ]);
}

function plan(scope: RequestScope, collection: CompiledCollection, shape: ReadShape, request: unknown): CachePlan {
  const settings = collection.definition.cache;
  if (!settings) return NOT_CACHED;
  const reads = readsOf(scope, collection, shape);
  if (reads === null || reads.macros.has('now')) return NOT_CACHED;
  const dependencyIds = [...reads.collections]
    .map((name) => scope.schema.collections.get(name)?.definition.id)
    .filter((id): id is string => id !== undefined)
    .sort();
  const hash = createHash('sha256')
    .update(JSON.stringify([scope.schema.version, collection.name, ruleContext(scope, reads.macros), request]))
    .digest('base64url');
  return { cached: true, key: `${collection.definition.id}:${hash}`, dependencyIds, ttlSeconds: settings.ttl };
}

/** A list: every list parameter as given (repeated ones included, so they stay 400s). */
export function listCachePlan(
  scope: RequestScope,
  collection: CompiledCollection,
  query: Partial<Record<(typeof LIST_PARAMS)[number], string | string[]>>,
): CachePlan {
  const request = ['list', ...LIST_PARAMS.map((name) => query[name] ?? null)];
  return plan(scope, collection, query, request);
}

/** One record by id. */
export function getCachePlan(
  scope: RequestScope,
  collection: CompiledCollection,
  id: string,
  shape: { fields?: string | string[]; expand?: string | string[] },
): CachePlan {
  const request = ['get', id, shape.fields ?? null, shape.expand ?? null];
  return plan(scope, collection, { expand: shape.expand }, request);
}
