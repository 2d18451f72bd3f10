// The HTTP side of files: downloads, thumbnails and file tokens (uploads ride on record writes).

import { Module } from '@nestjs/common';
import { AuthModule } from '@stagecraft/auth';
import { FilesModule } from '@stagecraft/files';
import { FilesController } from './files.controller.js';

@Module({
  imports: [AuthModule, FilesModule],
  controllers: [FilesController],
  exports: [FilesModule],
})
export class FilesApiModule {}
