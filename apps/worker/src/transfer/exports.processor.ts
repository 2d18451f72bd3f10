// The `exports` queue: each export streams from its own cursor into its own file.

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import { ExportRunner, type ExportJobData, type ExportResult } from '@stagecraft/transfer';
import type { Job } from 'bullmq';

@Processor(QueueName.Exports, { concurrency: 2, ...STALLED_JOB_OPTIONS })
export class ExportsProcessor extends WorkerHost {
  constructor(private readonly exports: ExportRunner) {
    super();
  }

  process(job: Job<ExportJobData, ExportResult>): Promise<ExportResult> {
    return this.exports.run(job.id ?? '', job.data, (progress) => job.updateProgress(progress));
  }
}
