// The HTTP side of background jobs: the jobs admin API, and imports and exports.

import { Module } from '@nestjs/common';
import { JobsAdminModule } from '@stagecraft/jobs';
import { TransferModule } from '@stagecraft/transfer';
import { ImportsExportsController } from './imports-exports.controller.js';
import { JobsController } from './jobs.controller.js';

@Module({
  imports: [JobsAdminModule, TransferModule],
  controllers: [JobsController, ImportsExportsController],
})
export class JobsApiModule {}
