// What import and export jobs carry and produce: formats, modes, the queued payloads, the
// progress reported while running and the final reports. Shared by the API and the worker.

import type { JobsOptions } from 'bullmq';

export const IMPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const IMPORT_MODES = ['all_or_nothing', 'skip_invalid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export const IMPORT_JOB = 'import';
export const EXPORT_JOB = 'export';

/** Who started the job: writes are attributed to them (created_by, the event actor). */
export interface JobActor {
  readonly kind: 'user' | 'api_key';
  readonly id: string;
}

/** The upload itself is `<FILES_DIR>/imports/<job id>`, found from the job id. */
export interface ImportJobData {
  readonly collection: string;
  readonly format: ImportFormat;
  readonly mode: ImportMode;
  /** Emit a record event per imported row (off by default: an import is one bulk change). */
  readonly emit_events: boolean;
  readonly actor: JobActor;
  readonly bytes: number;
}

export interface ExportJobData {
  readonly collection: string;
  readonly format: ExportFormat;
  readonly filter?: string;
  readonly sort?: string;
  readonly fields?: string;
  readonly actor: JobActor;
}

/** One refused row: 1-based data row (0 is the CSV header), the field at fault when there is one. */
export interface RowError {
  readonly row: number;
  readonly field: string | null;
  readonly message: string;
}

export interface ImportProgress {
  readonly processed: number;
  readonly inserted: number;
  readonly skipped: number;
  readonly read_bytes: number;
  readonly total_bytes: number;
  /** Present once the import has finished (also when it failed). */
  readonly errors?: readonly RowError[];
  readonly errors_total?: number;
}

export interface ImportReport {
  readonly inserted: number;
  readonly skipped: number;
  /** The first MAX_REPORTED_ERRORS row errors. */
  readonly errors: readonly RowError[];
  readonly errors_total: number;
}

export interface ExportProgress {
  readonly rows: number;
}

export interface ExportResult {
  readonly rows: number;
  readonly bytes: number;
  readonly format: ExportFormat;
  readonly file_name: string;
}

export const MAX_REPORTED_ERRORS = 1000;

/**
 * Imports and exports run once: an import in skip_invalid mode commits batch by batch, so
 * running it again after a crash would insert rows twice; an admin retries on purpose instead.
 * Finished jobs stay visible (and exports downloadable) for the retention period.
 */
export function transferJobOptions(id: string, retentionHours: number): JobsOptions {
  const age = retentionHours * 3600;
  return { jobId: id, attempts: 1, removeOnComplete: { age }, removeOnFail: { age } };
}
