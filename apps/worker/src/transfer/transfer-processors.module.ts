// The worker's side of imports and exports: the processors of the two queues.

import { Module } from '@nestjs/common';
import { TransferWorkerModule } from '@stagecraft/transfer';
import { ExportsProcessor } from './exports.processor.js';
import { ImportsProcessor } from './imports.processor.js';

@Module({
  imports: [TransferWorkerModule],
  providers: [ImportsProcessor, ExportsProcessor],
})
export class TransferProcessorsModule {}
