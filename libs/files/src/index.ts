// Files: stored objects behind one interface, on local disk or in an S3-compatible store.
export {
  assertStorageKey,
  StorageObjectMissing,
  type ByteRange,
  type FileStorage,
  type PutOptions,
  type SignedUrlOptions,
  type StorageDriverName,
  type StoredObject,
} from './storage/file-storage.js';
export { LocalFileStorage } from './storage/local-storage.js';
export { type S3StorageOptions } from './storage/s3-storage.js';
export {
  createFileStorage,
  type FileStorageSettings,
  type LocalStorageSettings,
  type S3StorageSettings,
} from './storage/create-storage.js';
export { FilesModule } from './files.module.js';
export { FileStore, storageSettings } from './file-storage.provider.js';
export {
  FileIntake,
  fileTooLarge,
  sizeCapOf,
  storageKeyFor,
  storagePrefixOf,
  type AcceptedFile,
  type IncomingFile,
  type IntakeTarget,
} from './uploads/file-intake.js';
export { FileIntakeService } from './uploads/file-intake.service.js';
export {
  claimOrphaned,
  deleteRows,
  discardUploads,
  expireUploads,
  FILES_CHANNEL,
  recordRemovalFailure,
  type FileMeta,
  type RemovableFile,
} from './ledger/stored-files.js';
export { FileAccessService, type FileAddress, type LocatedFile } from './downloads/file-access.service.js';
export { FileDownloadsService, type OpenedFile, type ServedFile } from './downloads/file-downloads.service.js';
export { ThumbnailsService, type StoredThumb } from './thumbs/thumbnails.service.js';
export { isActiveType, mimeMatches, detectContentType } from './content/detect-type.js';
export { removeOrphanedFiles, type RemovalTally } from './removal/remove-orphaned.js';
export { removeStrays, type StrayTally } from './removal/remove-strays.js';
export { ResumableUploadsService, UPLOADS_PATH } from './uploads/resumable-uploads.service.js';
export { removeExpiredResumableUploads, resumableUploadsDir } from './uploads/expired-resumable.js';
