// Bodies of record writes: JSON as parsed, or a multipart form whose files are stored first
// (see multipart-record.ts). A write that then fails releases the uploads its form stored, so
// the worker removes them: a refused or rolled-back write leaves no file behind.

import { Inject, Injectable } from '@nestjs/common';
import { actorLabel, type Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { discardUploads, FileIntakeService } from '@stagecraft/files';
import { isAdmin, RecordsService, refuse } from '@stagecraft/records';
import type { FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { readMultipartRecord } from './multipart-record.js';

export interface RecordForm {
  readonly body: unknown;
  readonly uploadIds: readonly string[];
}

@Injectable()
export class RecordForms {
  constructor(
    private readonly records: RecordsService,
    private readonly intake: FileIntakeService,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async read(
    request: FastifyRequest,
    principal: Principal | undefined,
    name: string,
    action: 'create' | 'update',
  ): Promise<RecordForm> {
    if (!request.isMultipart()) return { body: request.body, uploadIds: [] };
    const { collection } = await this.records.scope(principal, name);
    // Callers who may never write here are refused before any byte is stored.
    if (!isAdmin(principal) && collection.rules[action] === null)
      throw refuse(principal, `${action} records in "${name}"`);
    return readMultipartRecord(request, collection, this.intake, actorLabel(principal), this.config, (ids) =>
      this.release(ids),
    );
  }

  /** Runs the write; if it fails, the form's uploads are released before the error goes on. */
  async write<T>(form: RecordForm, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      await this.release(form.uploadIds);
      throw error;
    }
  }

  private async release(uploadIds: readonly string[]): Promise<void> {
    await discardUploads(this.dataSource, uploadIds).catch(() => undefined); // expiry removes them otherwise
  }
}
