// The `imports` queue: one import at a time, so concurrent imports do not compete for the
// same tables and connections. A stalled import fails instead of running twice: in
// skip_invalid mode its committed batches would be inserted again.

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { ImportRunner, type ImportJobData, type ImportReport } from '@stagecraft/transfer';
import type { Job } from 'bullmq';

@Processor(QueueName.Imports, { concurrency: 1, ...STALLED_JOB_OPTIONS, maxStalledCount: 0 })
export class ImportsProcessor extends WorkerHost {
  constructor(private readonly imports: ImportRunner) {
    super();
  }

  process(job: Job<ImportJobData, ImportReport>): Promise<ImportReport> {
    return this.imports.run(job.id ?? '', job.data, (progress) => job.updateProgress(progress));
  }
}
