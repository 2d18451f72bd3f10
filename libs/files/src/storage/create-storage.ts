// Picks the storage driver from a small settings object, so the app maps its config onto one
// shape and nothing else needs to know which driver runs.

import { type FileStorage } from './file-storage.js';
import { LazyS3Storage } from './lazy-s3-storage.js';
import { LocalFileStorage } from './local-storage.js';
import type { S3StorageOptions } from './s3-storage.js';

export interface LocalStorageSettings {
  readonly driver: 'local';
  /** The root folder of every stored object. */
  readonly dir: string;
}

export interface S3StorageSettings extends S3StorageOptions {
  readonly driver: 's3';
}

export type FileStorageSettings = LocalStorageSettings | S3StorageSettings;

export function createFileStorage(settings: FileStorageSettings): FileStorage {
  switch (settings.driver) {
    case 'local':
      return new LocalFileStorage(settings.dir);
    case 's3':
      return new LazyS3Storage(settings);
  }
}
