// Where import uploads and export files live under FILES_DIR, named by job id, and the
// clean-up of both: per job when it is removed, and by age for the maintenance job.

import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportFormat } from './transfer-job.js';

const IMPORTS = 'imports';
const EXPORTS = 'exports';

export const importUploadPath = (dir: string, jobId: string): string => join(dir, IMPORTS, jobId);

export const exportFilePath = (dir: string, jobId: string, format: ExportFormat): string =>
  join(dir, EXPORTS, `${jobId}.${format}`);

/** Written here first and renamed when complete, so a download never sees half a file. */
export const partialExportPath = (dir: string, jobId: string, format: ExportFormat): string =>
  `${exportFilePath(dir, jobId, format)}.partial`;

export async function ensureTransferDirs(dir: string): Promise<void> {
  await mkdir(join(dir, IMPORTS), { recursive: true });
  await mkdir(join(dir, EXPORTS), { recursive: true });
}

/** Deletes whatever a job left behind (its upload, its export file); missing files are fine. */
export async function removeJobFiles(dir: string, jobId: string): Promise<void> {
  await Promise.all([
    rm(importUploadPath(dir, jobId), { force: true }),
    ...(['csv', 'ndjson'] as const).flatMap((format) => [
      rm(exportFilePath(dir, jobId, format), { force: true }),
      rm(partialExportPath(dir, jobId, format), { force: true }),
    ]),
  ]);
}

/**
 * Deletes export files and import uploads last modified more than `olderThanMs` ago (for the
 * maintenance job, with EXPORT_RETENTION_HOURS). Returns how many files it removed.
 */
export async function removeExpiredFiles(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const folder of [IMPORTS, EXPORTS]) {
    const path = join(dir, folder);
    const names = await readdir(path).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    });
    for (const name of names) {
      const file = join(path, name);
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile() || now - info.mtimeMs <= olderThanMs) continue;
      await rm(file, { force: true });
      removed += 1;
    }
  }
  return removed;
}
