// The one FileStorage of a process, built from the configuration: the local driver keeps
// objects under FILES_DIR/storage, the S3 driver in S3_BUCKET.

import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { join } from 'node:path';
import { createFileStorage, type FileStorageSettings } from './storage/create-storage.js';
import type { FileStorage } from './storage/file-storage.js';

export function storageSettings(config: AppConfig): FileStorageSettings {
  const storage = config.files.storage;
  if (storage.driver === 'local') return { driver: 'local', dir: join(config.files.dir, 'storage') };
  return {
    driver: 's3',
    endpoint: storage.endpoint,
    region: storage.region,
    bucket: storage.bucket,
    prefix: storage.prefix === '' ? undefined : storage.prefix,
    accessKeyId: storage.accessKeyId,
    secretAccessKey: storage.secretAccessKey,
    forcePathStyle: storage.forcePathStyle,
  };
}

/** Holds the process's storage and closes it on shutdown. */
@Injectable()
export class FileStore implements OnApplicationShutdown {
  readonly storage: FileStorage;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.storage = createFileStorage(storageSettings(config));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}
