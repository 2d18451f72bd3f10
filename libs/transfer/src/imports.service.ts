// Starting an import (API side): checks the collection and the options, streams the upload
// to `<FILES_DIR>/imports/<job id>` and queues the job the worker runs.

import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { JobsAdminService, QueueName, type JobView } from '@stagecraft/jobs';
import type { Queue } from 'bullmq';
import { parseImportOptions, type RawImportOptions } from './import-options.js';
import { saveUpload, uploadTooLarge } from './save-upload.js';
import { ensureTransferDirs, importUploadPath, removeJobFiles } from './transfer-files.js';
import { IMPORT_JOB, transferJobOptions, type ImportJobData } from './transfer-job.js';

/** The file as the HTTP layer received it. */
export interface Upload {
  readonly stream: Readable;
  readonly contentType?: string;
  readonly fileName?: string;
  /** Content-Length of a raw body, when the client sent one. */
  readonly declaredBytes?: number;
  /** True when the source cut the file at the size cap (multipart parts do). */
  readonly truncated?: () => boolean;
}

@Injectable()
export class ImportsService {
  constructor(
    @InjectQueue(QueueName.Imports) private readonly queue: Queue<ImportJobData>,
    private readonly cache: SchemaCacheService,
    private readonly jobs: JobsAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `open` is called once the collection is known to exist, so nothing is read for a request that fails early. */
  async start(
    principal: Principal,
    collection: string,
    raw: RawImportOptions,
    open: () => Promise<Upload>,
  ): Promise<JobView> {
    const definition = await this.cache.find(collection);
    if (!definition) throw new AppException(ErrorCode.NotFound, `No collection is named "${collection}".`);
    if (definition.system) {
      throw new AppException(
        ErrorCode.BadRequest,
        `"${collection}" is a system collection; create its records through its own API.`,
      );
    }
    const upload = await open();
    const options = parseImportOptions(raw, upload.contentType, upload.fileName);
    const { dir, importMaxBytes } = this.config.files;
    if (upload.declaredBytes !== undefined && upload.declaredBytes > importMaxBytes)
      throw uploadTooLarge(importMaxBytes);

    const id = randomUUID();
    await ensureTransferDirs(dir);
    const bytes = await saveUpload(upload.stream, importUploadPath(dir, id), importMaxBytes, upload.truncated);
    const data: ImportJobData = {
      collection,
      format: options.format,
      mode: options.mode,
      emit_events: options.emitEvents,
      actor: { kind: principal.kind, id: principal.id },
      bytes,
    };
    try {
      await this.queue.add(IMPORT_JOB, data, transferJobOptions(id, this.config.files.exportRetentionHours));
    } catch (error) {
      await removeJobFiles(dir, id);
      throw error;
    }
    return this.jobs.get(id, QueueName.Imports);
  }
}
