// The `files` queue: removes the bytes of released files (state `orphaned` in the ledger).
// A job fails when some file could not be removed, so BullMQ tries again with backoff; those
// files keep their rows meanwhile and are never lost track of.

import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { FileStore, removeOrphanedFiles, type RemovalTally } from '@stagecraft/files';
import { QueueName, STALLED_JOB_OPTIONS } from '@stagecraft/jobs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';

export const REMOVE_FILES_JOB = 'remove-orphaned-files';

@Processor(QueueName.Files, STALLED_JOB_OPTIONS)
export class FilesProcessor extends WorkerHost {
  private readonly logger = new Logger(FilesProcessor.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: FileStore,
  ) {
    super();
  }

  async process(job: Job): Promise<RemovalTally> {
    const tally = await removeOrphanedFiles(this.dataSource, this.store.storage);
    if (tally.removed > 0) this.logger.log(`Removed ${tally.removed} released file(s) (job ${job.id ?? ''})`);
    if (tally.failed > 0)
      throw new Error(`${tally.failed} released file(s) could not be removed; they are tried again`);
    return tally;
  }
}
