// The schema engine: collection metadata in PostgreSQL, the per-process cached snapshot kept
// fresh through Redis, the validate → plan → run change runner, and the schema use cases.
export { CollectionsModule } from './collections.module.js';
export {
  CollectionsService,
  type CollectionInput,
  type CollectionChanges,
  type FieldInput,
  type FieldChanges,
  type FieldReplacement,
  type CollectionReplacement,
  type ChangeOptions,
  type SchemaDocument,
} from './collections.service.js';
export { SchemaCacheService } from './schema-cache.service.js';
export {
  SchemaChangeRunner,
  type SchemaActor,
  type SchemaChangeOutcome,
  type PlannedAction,
} from './schema-change.runner.js';
export { type SchemaSnapshot, createSnapshot } from './schema-snapshot.js';
export { loadCollections, readSchemaVersion } from './metadata.repository.js';
export { ADMIN_ONLY_RULES, ruleProblems } from './rules.js';
export { ReferenceHolders } from './references/reference-holders.js';
export type {
  ExpressionRewrite,
  HeldExpression,
  ReferenceHolder,
  SchemaChangeContext,
} from './references/reference-holder.js';
export type { RewrittenReference } from './references/carry-references.js';
export { SCHEMA_LOCK_KEY } from './schema-change.runner.js';
export { buildQuerySchema } from './query-schema.js';
