// Removes the bytes of released (orphaned) files, then their ledger rows, a batch at a time.
// Rows are claimed with SKIP LOCKED, so several workers share the work; a file whose bytes
// cannot be removed keeps its row, counts the attempt and is tried again on the next run
// (rows tried least often come first, so one stuck file never blocks the others).

import { runTransaction } from '@stagecraft/database';
import type { DataSource } from 'typeorm';
import { claimOrphaned, deleteRows, recordRemovalFailure } from '../ledger/stored-files.js';
import type { FileStorage } from '../storage/file-storage.js';
import { storagePrefixOf } from '../uploads/file-intake.js';

export interface RemovalTally {
  removed: number;
  failed: number;
}

const BATCH_SIZE = 100;

export async function removeOrphanedFiles(
  dataSource: DataSource,
  storage: FileStorage,
  batchSize = BATCH_SIZE,
): Promise<RemovalTally> {
  const tally: RemovalTally = { removed: 0, failed: 0 };
  for (;;) {
    const batch = await runTransaction(dataSource, async (manager) => {
      const files = await claimOrphaned(manager, batchSize);
      const removed: string[] = [];
      for (const file of files) {
        try {
          await storage.removePrefix(storagePrefixOf(file.storageKey));
          removed.push(file.id);
        } catch (error) {
          await recordRemovalFailure(manager, file.id, error instanceof Error ? error.message : String(error));
        }
      }
      await deleteRows(manager, removed);
      return { claimed: files.length, removed: removed.length };
    });
    tally.removed += batch.removed;
    tally.failed += batch.claimed - batch.removed;
    // A full batch may have more behind it; one with failures stops the round (they come back next time).
    if (batch.claimed < batchSize || batch.removed < batch.claimed) return tally;
  }
}
