// The worker's side of files: removing released files' bytes.

import { Module } from '@nestjs/common';
import { FileStore } from '@stagecraft/files';
import { FileReleasesService } from './file-releases.service.js';
import { FilesProcessor } from './files.processor.js';

@Module({
  providers: [FileStore, FilesProcessor, FileReleasesService],
  exports: [FileReleasesService, FileStore],
})
export class FilesWorkerModule {}
