// Runs one export job in the worker: the admin's filter and sort compiled exactly as the
// records API compiles them, rows streamed from a server-side cursor (constant memory at any
// size) through the formatter into `<FILES_DIR>/exports/<job id>.<format>`.

import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException } from '@stagecraft/core';
import {
  compiledSchemaFor,
  filterCondition,
  orderBy,
  parseListParams,
  sortColumns,
  toRecord,
  translateDatabaseError,
  withTieBreaker,
} from '@stagecraft/records';
import { quoteIdent } from '@stagecraft/schema';
import { UnrecoverableError } from 'bullmq';
import type pg from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import { exportColumns, exportFormatter } from './export-format.js';
import { addFileUrls } from './file-urls.js';
import { ensureTransferDirs, exportFilePath, partialExportPath } from './transfer-files.js';
import type { ExportJobData, ExportProgress, ExportResult } from './transfer-job.js';

const CURSOR_BATCH = 1000;
const PROGRESS_INTERVAL_MS = 500;

@Injectable()
export class ExportRunner {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SchemaCacheService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async run(
    jobId: string,
    data: ExportJobData,
    onProgress: (progress: ExportProgress) => Promise<void>,
  ): Promise<ExportResult> {
    const schema = compiledSchemaFor(await this.cache.current());
    const collection = schema.collections.get(data.collection);
    if (!collection) throw new UnrecoverableError(`No collection is named "${data.collection}" any more.`);
    const principal: Principal = { kind: data.actor.kind, id: data.actor.id, role: 'admin' };
    const values: unknown[] = [];
    let sql: string;
    let only: ReadonlySet<string> | undefined;
    try {
      // Checked when the export was requested; the schema may have changed since.
      const params = parseListParams({ sort: data.sort, fields: data.fields }, collection, true, schema.collections);
      const scope = { principal, schema, now: new Date() };
      const condition = filterCondition(scope, collection, data.filter, values);
      only = params.fields;
      const order = orderBy(sortColumns(scope, collection, withTieBreaker(params.sort), values));
      sql = `SELECT ${collection.selectList} FROM "data".${quoteIdent(collection.table)} t
        WHERE ${condition} ORDER BY ${order}`;
    } catch (error) {
      if (error instanceof AppException) throw new UnrecoverableError(error.detail);
      throw error;
    }

    await ensureTransferDirs(this.config.files.dir);
    const partial = partialExportPath(this.config.files.dir, jobId, data.format);
    const final = exportFilePath(this.config.files.dir, jobId, data.format);
    let rows = 0;
    let lastReport = Date.now();
    const publicUrl = this.config.publicUrl;
    const hasFiles = [...collection.fields.values()].some((field) => field.kind === 'file');
    const toRecords = new Transform({
      objectMode: true,
      transform(row: Record<string, unknown>, _encoding, callback) {
        rows += 1;
        const record = toRecord(row, collection, only);
        if (hasFiles) addFileUrls(record, collection, publicUrl);
        if (Date.now() - lastReport < PROGRESS_INTERVAL_MS) return callback(null, record);
        lastReport = Date.now();
        onProgress({ rows }).then(
          () => callback(null, record),
          (error: unknown) => callback(error as Error),
        );
      },
    });

    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as pg.PoolClient;
    try {
      const cursor = client.query(new QueryStream(sql, values, { batchSize: CURSOR_BATCH }));
      await pipeline(
        cursor,
        toRecords,
        exportFormatter(data.format, exportColumns(collection, only)),
        createWriteStream(partial),
      );
      await rename(partial, final);
    } catch (error) {
      await rm(partial, { force: true });
      const translated = translateDatabaseError(error, collection);
      if (translated instanceof AppException) throw new UnrecoverableError(translated.detail);
      throw error;
    } finally {
      await runner.release();
    }
    await onProgress({ rows });
    const { size } = await stat(final);
    const date = new Date().toISOString().slice(0, 10);
    return { rows, bytes: size, format: data.format, file_name: `${collection.name}-${date}.${data.format}` };
  }
}
