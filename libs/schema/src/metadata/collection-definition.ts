// A collection: one real table in the `data` schema, described by metadata the API, the
// records library, the query compiler and the OpenAPI generator all read.
import type { FieldDefinition } from './field-definition.js';

export const RULE_ACTIONS = ['list', 'view', 'create', 'update', 'delete'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** `null`: admins only; `""`: anyone; otherwise a filter expression (the records lib interprets it). */
export type CollectionRules = Record<RuleAction, string | null>;

/** Response caching of list and get in Redis; absent or null: off. */
export interface CollectionCacheSettings {
  /** Seconds an answer is kept at most (any committed change ends it sooner). */
  ttl: number;
}

export const CACHE_TTL_MAX_SECONDS = 86_400;

export interface CollectionDefinition {
  /** UUID, stable across renames. */
  id: string;
  name: string;
  label: string;
  description: string;
  /** True for the built-in `users` collection. */
  system: boolean;
  rules: CollectionRules;
  /** Optional so snapshots written before caching existed still read. */
  cache?: CollectionCacheSettings | null;
  fields: FieldDefinition[];
}
