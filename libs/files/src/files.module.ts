// Files for the API process: the store, taking uploads in (in forms and resumable), downloads and thumbnails.

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { RecordsModule } from '@stagecraft/records';
import { FileAccessService } from './downloads/file-access.service.js';
import { FileDownloadsService } from './downloads/file-downloads.service.js';
import { FileStore } from './file-storage.provider.js';
import { ThumbnailsService } from './thumbs/thumbnails.service.js';
import { FileIntakeService } from './uploads/file-intake.service.js';
import { ResumableUploadsService } from './uploads/resumable-uploads.service.js';

const services = [
  FileStore,
  FileIntakeService,
  FileAccessService,
  FileDownloadsService,
  ThumbnailsService,
  ResumableUploadsService,
];

@Module({
  imports: [RecordsModule, AuthModule],
  providers: services,
  exports: services,
})
export class FilesModule {}
