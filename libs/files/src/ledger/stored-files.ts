// Queries on the file ledger (stagecraft.stored_files; see migrations/1764000000008). The
// states move pending → attached → orphaned inside record writes (the table trigger); this
// module writes only what happens outside them: a new upload, its completion, a discarded
// one, expired ones, and the removal of orphaned rows once their bytes are gone.

import type { DataSource, EntityManager } from 'typeorm';

/** The metadata of one stored file, as file columns and records carry it. */
export interface FileMeta {
  readonly name: string;
  readonly originalName: string;
  readonly size: number;
  readonly type: string;
  readonly checksum: string;
  readonly width?: number;
  readonly height?: number;
}

export interface NewStoredFile {
  readonly id: string;
  readonly name: string;
  readonly storageKey: string;
  readonly collectionId: string;
  readonly fieldId: string;
  readonly uploadId: string;
  readonly uploadedBy: string;
  readonly originalName: string;
}

/** A row whose bytes are to be removed. */
export interface RemovableFile {
  readonly id: string;
  readonly storageKey: string;
}

export const FILES_CHANNEL = 'stagecraft_files';

type Queryable = Pick<DataSource | EntityManager, 'query'>;

/** Registers an upload before its bytes are written, so a crash mid-way leaves a row to clean up. */
export async function insertPendingFile(db: Queryable, file: NewStoredFile): Promise<void> {
  await db.query(
    `INSERT INTO "stagecraft"."stored_files"
       (id, name, storage_key, collection_id, field_id, upload_id, uploaded_by, meta)
     VALUES ($1, $2, $3, $4, $5, $6, $7, jsonb_build_object('name', $2::text, 'originalName', $8::text))`,
    [
      file.id,
      file.name,
      file.storageKey,
      file.collectionId,
      file.fieldId,
      file.uploadId,
      file.uploadedBy,
      file.originalName,
    ],
  );
}

export async function completeFile(db: Queryable, id: string, meta: FileMeta): Promise<void> {
  await db.query(`UPDATE "stagecraft"."stored_files" SET meta = $2 WHERE id = $1`, [id, JSON.stringify(meta)]);
}

/** An upload that failed before its bytes were all written: its row goes with it. */
export async function forgetFile(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM "stagecraft"."stored_files" WHERE id = $1 AND state = 'pending'`, [id]);
}

/** Pending uploads a failed record write leaves behind, released for removal. */
export async function discardUploads(db: Queryable, uploadIds: readonly string[]): Promise<void> {
  if (uploadIds.length === 0) return;
  await db.query(
    `WITH released AS (
       UPDATE "stagecraft"."stored_files" SET state = 'orphaned', state_changed_at = now()
        WHERE upload_id = ANY($1) AND state = 'pending' RETURNING 1)
     SELECT pg_notify($2, '') FROM released LIMIT 1`,
    [uploadIds, FILES_CHANNEL],
  );
}

/** Uploads never attached within `expiryHours` are released like any other unheld file. */
export async function expireUploads(db: Queryable, expiryHours: number): Promise<number> {
  const [, count]: [unknown, number] = await db.query(
    `UPDATE "stagecraft"."stored_files" SET state = 'orphaned', state_changed_at = now()
      WHERE state = 'pending' AND state_changed_at < now() - make_interval(hours => $1)`,
    [expiryHours],
  );
  return count;
}

/**
 * Orphaned rows to remove, locked so two workers never take the same one. Orphaned is final
 * (no write can attach such a file again), so removing its bytes races with nothing.
 */
export async function claimOrphaned(manager: EntityManager, limit: number): Promise<RemovableFile[]> {
  const rows: { id: string; storage_key: string }[] = await manager.query(
    `SELECT id, storage_key FROM "stagecraft"."stored_files" WHERE state = 'orphaned'
      ORDER BY removal_attempts, state_changed_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => ({ id: row.id, storageKey: row.storage_key }));
}

export async function deleteRows(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await manager.query(`DELETE FROM "stagecraft"."stored_files" WHERE id = ANY($1)`, [ids]);
}

export async function recordRemovalFailure(manager: EntityManager, id: string, message: string): Promise<void> {
  await manager.query(
    `UPDATE "stagecraft"."stored_files" SET removal_attempts = removal_attempts + 1, last_error = $2 WHERE id = $1`,
    [id, message.slice(0, 1000)],
  );
}
