// The files of import and export jobs, for the API: what to delete when such a job is removed.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { QueueName } from '@stagecraft/jobs';
import { removeJobFiles } from './transfer-files.js';

const QUEUES_WITH_FILES = new Set<string>([QueueName.Imports, QueueName.Exports]);

@Injectable()
export class TransferFilesService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Deletes the upload or export file of a removed job; jobs of other queues have none. */
  async forgetJob(queue: string, jobId: string): Promise<void> {
    if (!QUEUES_WITH_FILES.has(queue)) return;
    await removeJobFiles(this.config.files.dir, jobId);
  }
}
