// Imports and exports: the API side (start jobs, serve files) and the worker side (run them).

import { Module } from '@nestjs/common';
import { CollectionsModule } from '@stagecraft/collections';
import { OutboxWakeupModule } from '@stagecraft/events';
import { JobsAdminModule } from '@stagecraft/jobs';
import { ExportRunner } from './export-runner.js';
import { ExportsService } from './exports.service.js';
import { ImportRunner } from './import-runner.js';
import { ImportsService } from './imports.service.js';
import { TransferFilesService } from './transfer-files.service.js';

@Module({
  imports: [CollectionsModule, JobsAdminModule],
  providers: [ImportsService, ExportsService, TransferFilesService],
  exports: [ImportsService, ExportsService, TransferFilesService],
})
export class TransferModule {}

@Module({
  imports: [CollectionsModule, OutboxWakeupModule],
  providers: [ImportRunner, ExportRunner],
  exports: [ImportRunner, ExportRunner],
})
export class TransferWorkerModule {}
