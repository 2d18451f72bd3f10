// Resumable uploads left incomplete: their partial bytes under FILES_DIR/tus are deleted once
// older than UPLOAD_EXPIRY_HOURS (for the maintenance job, in the worker).

import type { AppConfig } from '@stagecraft/config';
import { FileStore as TusFileStore } from '@tus/file-store';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export const resumableUploadsDir = (config: AppConfig): string => join(config.files.dir, 'tus');

export async function removeExpiredResumableUploads(config: AppConfig): Promise<number> {
  // The store creates its folder without waiting for it, and lists it at once: on a volume where
  // no resumable upload has started yet (a worker before any API), the listing failed (ENOENT).
  await mkdir(resumableUploadsDir(config), { recursive: true });
  const store = new TusFileStore({
    directory: resumableUploadsDir(config),
    expirationPeriodInMilliseconds: config.files.uploadExpiryHours * 3_600_000,
  });
  return store.deleteExpired();
}
