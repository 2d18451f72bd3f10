// Starting an export and serving its file (API side). The filter, sort and fields are checked
// at once with the records API's own parsers, so a bad filter is a 400 with its position
// now rather than a failed job later.

import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode, fieldSentence, listOf } from '@stagecraft/core';
import { JobsAdminService, QueueName, type JobView } from '@stagecraft/jobs';
import { compiledSchemaFor, filterCondition, parseListParams } from '@stagecraft/records';
import type { Queue } from 'bullmq';
import { EXPORT_CONTENT_TYPES } from './export-format.js';
import { exportFilePath } from './transfer-files.js';
import {
  EXPORT_FORMATS,
  EXPORT_JOB,
  transferJobOptions,
  type ExportFormat,
  type ExportJobData,
  type ExportResult,
} from './transfer-job.js';

export interface ExportRequest {
  readonly format: ExportFormat;
  readonly filter?: string;
  readonly sort?: string;
  readonly fields?: string;
}

export interface ExportDownload {
  readonly path: string;
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: number;
}

@Injectable()
export class ExportsService {
  constructor(
    @InjectQueue(QueueName.Exports) private readonly queue: Queue<ExportJobData>,
    private readonly cache: SchemaCacheService,
    private readonly jobs: JobsAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(principal: Principal, collection: string, request: ExportRequest): Promise<JobView> {
    await this.cache.find(collection); // refreshes the snapshot when the name is new to this process
    const schema = compiledSchemaFor(await this.cache.current());
    const compiled = schema.collections.get(collection);
    if (!compiled) throw new AppException(ErrorCode.NotFound, `No collection is named "${collection}".`);
    if (!(EXPORT_FORMATS as readonly string[]).includes(request.format)) {
      const message = fieldSentence('format', `must be one of ${listOf(EXPORT_FORMATS)}`);
      throw new AppException(ErrorCode.ValidationFailed, message, {
        errors: [{ field: 'format', code: 'isIn', message }],
      });
    }
    parseListParams({ sort: request.sort, fields: request.fields }, compiled, true, schema.collections);
    filterCondition({ principal, schema, now: new Date() }, compiled, request.filter, []);

    const id = randomUUID();
    const data: ExportJobData = {
      collection,
      format: request.format,
      ...(request.filter === undefined ? {} : { filter: request.filter }),
      ...(request.sort === undefined ? {} : { sort: request.sort }),
      ...(request.fields === undefined ? {} : { fields: request.fields }),
      actor: { kind: principal.kind, id: principal.id },
    };
    await this.queue.add(EXPORT_JOB, data, transferJobOptions(id, this.config.files.exportRetentionHours));
    return this.jobs.get(id, QueueName.Exports);
  }

  /** The finished export's file: 404 when the job has none, 409 while it is still being written. */
  async download(id: string): Promise<ExportDownload> {
    const job = await this.jobs.find(id, QueueName.Exports).catch((error: unknown) => {
      if (error instanceof AppException && error.code === ErrorCode.NotFound)
        throw new AppException(ErrorCode.NotFound, `No export job has the id "${id}".`);
      throw error;
    });
    const state = await job.getState();
    if (state === 'failed') throw new AppException(ErrorCode.NotFound, `Export ${id} failed; it has no file.`);
    if (state !== 'completed') {
      throw new AppException(ErrorCode.Conflict, `Export ${id} is not finished yet (${state}); try again shortly.`, {
        extensions: { state },
      });
    }
    const data = job.data as ExportJobData;
    const result = job.returnvalue as ExportResult;
    const path = exportFilePath(this.config.files.dir, id, data.format);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new AppException(ErrorCode.NotFound, `The file of export ${id} has been removed.`);
    return { path, fileName: result.file_name, contentType: EXPORT_CONTENT_TYPES[data.format], bytes: info.size };
  }
}
