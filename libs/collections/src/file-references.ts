// Keeps the file ledger in step with schema changes, inside the schema change's transaction:
// tables whose file columns changed get their file_references triggers set again (the
// trigger names its columns), and files of dropped file fields or collections are released
// (orphaned), so the worker removes their bytes once the change commits.

import type { CollectionDefinition } from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';

const fileColumns = (collection: CollectionDefinition): string[] =>
  collection.fields
    .filter((field) => field.type === 'file')
    .map((field) => field.name)
    .sort();

const fileFieldIds = (collections: readonly CollectionDefinition[]): Set<string> =>
  new Set(collections.flatMap((collection) => collection.fields.filter((f) => f.type === 'file').map((f) => f.id)));

export async function syncFileReferences(
  manager: EntityManager,
  before: readonly CollectionDefinition[],
  after: readonly CollectionDefinition[],
): Promise<void> {
  const previous = new Map(before.map((collection) => [collection.id, collection]));
  for (const collection of after) {
    const columns = fileColumns(collection);
    const old = previous.get(collection.id);
    const unchanged = old !== undefined && fileColumns(old).join('\u0000') === columns.join('\u0000');
    if (unchanged || (old === undefined && columns.length === 0)) continue;
    await manager.query(`SELECT "stagecraft"."attach_file_references"($1, $2)`, [collection.name, columns]);
  }

  const kept = fileFieldIds(after);
  const dropped = [...fileFieldIds(before)].filter((id) => !kept.has(id));
  if (dropped.length === 0) return;
  const [, released] = await manager.query<[unknown, number]>(
    `UPDATE "stagecraft"."stored_files" SET state = 'orphaned', state_changed_at = now()
      WHERE field_id = ANY($1) AND state <> 'orphaned'`,
    [dropped],
  );
  if (released > 0) await manager.query(`SELECT pg_notify('stagecraft_files', '')`);
}
