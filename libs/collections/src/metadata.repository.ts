// Reads and writes collection metadata (stagecraft.collections, stagecraft.fields), the
// schema version and the change history. Always inside the caller's transaction when writing.

import type {
  CollectionCacheSettings,
  CollectionDefinition,
  CollectionRules,
  FieldDefinition,
} from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';

/** A connection or a transaction: anything that runs queries. */
type Queryable = Pick<EntityManager, 'query'>;

interface CollectionRow {
  id: string;
  name: string;
  label: string;
  description: string;
  system: boolean;
  rules: CollectionRules;
  cache: CollectionCacheSettings | null;
}

interface FieldRow {
  id: string;
  collection_id: string;
  name: string;
  type: FieldDefinition['type'];
  options: FieldDefinition['options'];
  position: number;
  system: boolean;
}

export interface HistoryEntry {
  version: number;
  actorKind: string | null;
  actorId: string | null;
  summary: string;
  actions: unknown[];
  statements: string[];
}

/** All collections, ordered by name, each with its fields ordered by position: a stable snapshot. */
export async function loadCollections(db: EntityManager): Promise<CollectionDefinition[]> {
  const collections: CollectionRow[] = await db.query(
    `SELECT id, name, label, description, system, rules, cache FROM stagecraft.collections ORDER BY name`,
  );
  const fields: FieldRow[] = await db.query(
    `SELECT id, collection_id, name, type, options, position, system FROM stagecraft.fields ORDER BY position, name`,
  );
  return collections.map((collection) => ({
    id: collection.id,
    name: collection.name,
    label: collection.label,
    description: collection.description,
    system: collection.system,
    rules: collection.rules,
    cache: collection.cache,
    fields: fields
      .filter((field) => field.collection_id === collection.id)
      .map(
        (field) =>
          ({
            id: field.id,
            name: field.name,
            type: field.type,
            options: field.options,
            position: field.position,
            system: field.system,
          }) as FieldDefinition,
      ),
  }));
}

export async function readSchemaVersion(db: Queryable): Promise<number> {
  const rows: { version: string }[] = await db.query(`SELECT version FROM stagecraft.schema_state`);
  return Number(rows[0]?.version ?? 0);
}

/** Makes the metadata tables equal `after`: upserts what exists there, deletes the rest. */
export async function saveCollections(db: EntityManager, after: readonly CollectionDefinition[]): Promise<void> {
  const collectionIds = after.map((collection) => collection.id);
  const fieldIds = after.flatMap((collection) => collection.fields.map((field) => field.id));
  await db.query(`DELETE FROM stagecraft.collections WHERE NOT (id = ANY($1::uuid[]))`, [collectionIds]);
  await db.query(`DELETE FROM stagecraft.fields WHERE NOT (id = ANY($1::uuid[]))`, [fieldIds]);
  for (const collection of after) {
    await db.query(
      `INSERT INTO stagecraft.collections (id, name, label, description, system, rules, cache)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, label = EXCLUDED.label, description = EXCLUDED.description,
         rules = EXCLUDED.rules, cache = EXCLUDED.cache, updated_at = now()
       WHERE (stagecraft.collections.name, stagecraft.collections.label, stagecraft.collections.description,
              stagecraft.collections.rules, stagecraft.collections.cache)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.label, EXCLUDED.description, EXCLUDED.rules, EXCLUDED.cache)`,
      [
        collection.id,
        collection.name,
        collection.label,
        collection.description,
        collection.system,
        JSON.stringify(collection.rules),
        collection.cache ? JSON.stringify({ ttl: collection.cache.ttl }) : null,
      ],
    );
    for (const field of collection.fields) {
      await db.query(
        `INSERT INTO stagecraft.fields (id, collection_id, name, type, options, position, system)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (id) DO UPDATE SET collection_id = EXCLUDED.collection_id, name = EXCLUDED.name, type = EXCLUDED.type,
           options = EXCLUDED.options, position = EXCLUDED.position, updated_at = now()
         WHERE (stagecraft.fields.name, stagecraft.fields.type, stagecraft.fields.options, stagecraft.fields.position)
           IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.type, EXCLUDED.options, EXCLUDED.position)`,
        [field.id, collection.id, field.name, field.type, JSON.stringify(field.options), field.position, field.system],
      );
    }
  }
}

export async function bumpSchemaVersion(db: EntityManager): Promise<number> {
  // TypeORM answers an UPDATE ... RETURNING with [rows, affected count].
  const [rows]: [{ version: string }[], number] = await db.query(
    `UPDATE stagecraft.schema_state SET version = version + 1 RETURNING version`,
  );
  return Number(rows[0]?.version);
}

export async function recordHistory(db: EntityManager, entry: HistoryEntry): Promise<void> {
  await db.query(
    `INSERT INTO stagecraft.schema_history (version, actor_kind, actor_id, summary, actions, statements)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [entry.version, entry.actorKind, entry.actorId, entry.summary, JSON.stringify(entry.actions), entry.statements],
  );
}
