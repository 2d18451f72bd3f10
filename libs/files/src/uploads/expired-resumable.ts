// Resumable uploads left incomplete: their partial bytes under FILES_DIR/tus are deleted once
// older than UPLOAD_EXPIRY_HOURS (for the maintenance job, in the worker).

import type { AppConfig } from '@stagecraft/config';
import { FileStore as TusFileStore } from '@tus/file-store';
import { join } from 'node:path';

export const resumableUploadsDir = (config: AppConfig): string => join(config.files.dir, 'tus');

export function removeExpiredResumableUploads(config: AppConfig): Promise<number> {
  const store = new TusFileStore({
    directory: resumableUploadsDir(config),
    expirationPeriodInMilliseconds: config.files.uploadExpiryHours * 3_600_000,
  });
  return store.deleteExpired();
}
