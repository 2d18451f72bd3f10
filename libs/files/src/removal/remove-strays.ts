// Finds objects in the store that the ledger does not know: every stored file gets its row
// before its first byte is written and loses it only after its bytes are removed, so an
// object without a row is a leftover (a removal cut short, a store restored from backup).
// Strays older than the upload expiry are removed; the count is reported by maintenance.

import type { DataSource } from 'typeorm';
import type { FileStorage } from '../storage/file-storage.js';

export interface StrayTally {
  found: number;
  removed: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Newest modification per `<collection id>/<file id>/` folder under one collection. */
async function fileFolders(storage: FileStorage, collectionId: string): Promise<Map<string, number>> {
  const folders = new Map<string, number>();
  for await (const object of storage.list(`${collectionId}/`)) {
    const fileId = object.key.split('/')[1];
    if (fileId === undefined || !UUID.test(fileId)) continue;
    folders.set(fileId, Math.max(folders.get(fileId) ?? 0, object.lastModified.getTime()));
  }
  return folders;
}

export async function removeStrays(
  dataSource: DataSource,
  storage: FileStorage,
  olderThanHours: number,
  now = Date.now(),
): Promise<StrayTally> {
  const tally: StrayTally = { found: 0, removed: 0 };
  const collections: { id: string }[] = await dataSource.query(
    `SELECT id FROM "stagecraft"."collections" UNION SELECT DISTINCT collection_id FROM "stagecraft"."stored_files"`,
  );
  for (const { id: collectionId } of collections) {
    const folders = await fileFolders(storage, collectionId);
    if (folders.size === 0) continue;
    const known: { id: string }[] = await dataSource.query(
      `SELECT id FROM "stagecraft"."stored_files" WHERE id = ANY($1)`,
      [[...folders.keys()]],
    );
    const knownIds = new Set(known.map((row) => row.id));
    for (const [fileId, newest] of folders) {
      if (knownIds.has(fileId)) continue;
      tally.found += 1;
      if (now - newest < olderThanHours * 3_600_000) continue;
      await storage.removePrefix(`${collectionId}/${fileId}/`);
      tally.removed += 1;
    }
  }
  return tally;
}
