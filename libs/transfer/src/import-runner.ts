// Runs one import job in the worker: reads the uploaded file row by row, validates each row
// with the collection's create validator (as the records API does), and hands valid rows to
// the writer in batches of IMPORT_BATCH_SIZE. all_or_nothing stops writing at the first bad
// row but reads on, so every bad row is reported; then nothing is kept and the job fails.

import { stat, rm } from 'node:fs/promises';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, fieldSentence } from '@stagecraft/core';
import { DataVersions, OutboxWakeup } from '@stagecraft/events';
import {
  assertValidBody,
  compiledSchemaFor,
  openSecretBox,
  type SecretBox,
  writableValues,
  type CompiledCollection,
} from '@stagecraft/records';
import { SYSTEM_COLUMN_NAMES, type FieldDefinition } from '@stagecraft/schema';
import { UnrecoverableError } from 'bullmq';
import { DataSource } from 'typeorm';
import type { PreparedRow } from './batch-insert.js';
import { ImportTally } from './import-tally.js';
import { ImportWriter, rowErrors } from './import-writer.js';
import { RecordIds } from './record-ids.js';
import { ImportFileError, rowSource, type RowSource, type SourceRow } from './row-sources.js';
import { importUploadPath } from './transfer-files.js';
import type { ImportJobData, ImportProgress, ImportReport, RowError } from './transfer-job.js';

const SYSTEM = new Set<string>(SYSTEM_COLUMN_NAMES);

@Injectable()
export class ImportRunner implements OnModuleInit {
  private secrets: SecretBox | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: SchemaCacheService,
    private readonly outbox: OutboxWakeup,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.secrets = await openSecretBox(this.config, this.dataSource);
  }

  async run(
    jobId: string,
    data: ImportJobData,
    onProgress: (progress: ImportProgress) => Promise<void>,
  ): Promise<ImportReport> {
    const collection = await this.collection(data.collection);
    const path = importUploadPath(this.config.files.dir, jobId);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UnrecoverableError('The uploaded file is no longer available; upload it again.');

    const writable = new Map<string, FieldDefinition>(
      [...collection.fields.values()].filter((field) => field.writable).map((field) => [field.name, field.definition]),
    );
    const source = rowSource(data.format, path, writable, this.config.records.jsonMaxDepth);
    const tally = new ImportTally(info.size, source.readBytes, onProgress);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await this.importRows(
        source,
        new ImportWriter(runner, collection, data, tally, (emittedEvents) => {
          if (emittedEvents) this.outbox.changed();
          // Rows imported without events reach no relay: their cached answers end here.
          void this.versions.bump([collection.definition.id]);
        }),
        collection,
        data,
        tally,
      );
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      tally.fileErrors(error.errors, data.mode);
      await tally.reportFinal();
      throw new UnrecoverableError(error.message);
    } finally {
      await runner.release().catch(() => undefined);
    }

    if (data.mode === 'all_or_nothing' && tally.hasErrors) {
      tally.inserted = 0;
      await tally.reportFinal();
      throw new UnrecoverableError(
        `${tally.skipped} of ${tally.processed} rows are invalid; nothing was imported (see progress.errors).`,
      );
    }
    await tally.reportFinal();
    await rm(path, { force: true });
    return tally.report();
  }

  /**
   * Reads, validates and writes every row. One batch is written while the next is read and
   * validated, so the database and this process work at the same time; writes still run one
   * after another, in file order.
   */
  private async importRows(
    source: RowSource,
    writer: ImportWriter,
    collection: CompiledCollection,
    data: ImportJobData,
    tally: ImportTally,
  ): Promise<void> {
    const ids = new RecordIds();
    const keepsWriting = (): boolean => data.mode === 'skip_invalid' || !tally.hasErrors;
    let writing: Promise<void> = Promise.resolve();
    try {
      await writer.start();
      let batch: PreparedRow[] = [];
      for await (const item of source.rows) {
        tally.processed += 1;
        const prepared = this.prepare(item, collection, ids);
        if ('errors' in prepared) tally.refuse(prepared.errors);
        else if (keepsWriting()) batch.push(prepared);
        if (batch.length >= this.config.files.importBatchSize) {
          await writing;
          writing = writer.write(batch);
          void writing.catch(() => undefined); // handled: awaited before the next write or at the end
          batch = [];
        }
        if ((tally.processed & 255) === 0) await tally.maybeReport();
      }
      await writing;
      if (keepsWriting()) await writer.write(batch);
      await writer.finish(!tally.hasErrors);
    } catch (error) {
      await writing.catch(() => undefined);
      await writer.abort();
      throw error;
    }
  }

  private async collection(name: string): Promise<CompiledCollection> {
    await this.cache.find(name); // a collection created moments ago may be new to this process
    const collection = compiledSchemaFor(await this.cache.current()).collections.get(name);
    if (!collection) throw new UnrecoverableError(`No collection is named "${name}" any more.`);
    if (collection.definition.system)
      throw new UnrecoverableError(`"${name}" is a system collection; it cannot be imported into.`);
    return collection;
  }

  /** A row ready for the writer, or what is wrong with it. */
  private prepare(
    item: SourceRow,
    collection: CompiledCollection,
    ids: RecordIds,
  ): PreparedRow | { errors: readonly RowError[] } {
    if (item.problems || !item.record) return { errors: item.problems ?? [] };
    const files = fileFieldsIn(item.record, collection);
    if (files.length > 0) {
      return {
        errors: files.map((field) => ({ row: item.row, field, message: fieldSentence(field, FILES_NOT_IMPORTED) })),
      };
    }
    try {
      const valid = assertValidBody(
        withoutSystemFields(item.record),
        collection.validateCreate,
        this.config.records.jsonMaxDepth,
      );
      return { row: item.row, id: ids.next(), values: writableValues(valid, collection, this.secretBox) };
    } catch (error) {
      if (!(error instanceof AppException)) throw error;
      return { errors: rowErrors(item.row, error) };
    }
  }

  private get secretBox(): SecretBox {
    if (!this.secrets) throw new Error('ImportRunner used before initialisation');
    return this.secrets;
  }
}

/** In every format: an import carries no bytes, and a record body cannot invent file metadata. */
const FILES_NOT_IMPORTED = 'cannot be imported: files are uploaded through the records API';

function fileFieldsIn(record: Record<string, unknown>, collection: CompiledCollection): string[] {
  return Object.keys(record).filter((name) => collection.fields.get(name)?.kind === 'file');
}

/** System fields (as an export holds them) are not imported: every row gets a new id. */
function withoutSystemFields(record: Record<string, unknown>): Record<string, unknown> {
  for (const key in record) {
    if (SYSTEM.has(key)) return Object.fromEntries(Object.entries(record).filter(([name]) => !SYSTEM.has(name)));
  }
  return record;
}
