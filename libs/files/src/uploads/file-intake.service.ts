// FileIntake for the API process, wired to its database, store and FILE_MAX_BYTES.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { DataSource } from 'typeorm';
import { FileStore } from '../file-storage.provider.js';
import { FileIntake } from './file-intake.js';

@Injectable()
export class FileIntakeService extends FileIntake {
  constructor(dataSource: DataSource, store: FileStore, @Inject(APP_CONFIG) config: AppConfig) {
    super(dataSource, store.storage, config.files.maxBytes);
  }
}
