// The running count of an import: rows read, inserted and refused, and the row errors (the
// first MAX_REPORTED_ERRORS kept, all counted), reported as progress at most every 500 ms.

import {
  MAX_REPORTED_ERRORS,
  type ImportMode,
  type ImportProgress,
  type ImportReport,
  type RowError,
} from './transfer-job.js';

const PROGRESS_INTERVAL_MS = 500;

export class ImportTally {
  processed = 0;
  inserted = 0;
  skipped = 0;
  errorsTotal = 0;
  readonly errors: RowError[] = [];
  private lastReport = 0;

  constructor(
    private readonly totalBytes: number,
    private readonly readBytes: () => number,
    private readonly onProgress: (progress: ImportProgress) => Promise<void>,
  ) {}

  /** A row that will not be imported, with what is wrong with it. */
  refuse(errors: readonly RowError[]): void {
    this.skipped += 1;
    this.errorsTotal += errors.length;
    for (const error of errors) {
      if (this.errors.length >= MAX_REPORTED_ERRORS) break;
      this.errors.push(error);
    }
  }

  /** Problems with the file as a whole: the import ends; all_or_nothing keeps nothing. */
  fileErrors(errors: readonly RowError[], mode: ImportMode): void {
    this.errorsTotal += errors.length;
    this.errors.push(...errors.slice(0, MAX_REPORTED_ERRORS - this.errors.length));
    if (mode === 'all_or_nothing') this.inserted = 0;
  }

  get hasErrors(): boolean {
    return this.errorsTotal > 0;
  }

  progress(final = false): ImportProgress {
    return {
      processed: this.processed,
      inserted: this.inserted,
      skipped: this.skipped,
      read_bytes: final ? this.totalBytes : Math.min(this.readBytes(), this.totalBytes),
      total_bytes: this.totalBytes,
      ...(final ? { errors: this.errors, errors_total: this.errorsTotal } : { errors_total: this.errorsTotal }),
    };
  }

  /** Reports progress when the last report is older than the interval. */
  async maybeReport(): Promise<void> {
    const now = Date.now();
    if (now - this.lastReport < PROGRESS_INTERVAL_MS) return;
    this.lastReport = now;
    await this.onProgress(this.progress());
  }

  async reportFinal(): Promise<void> {
    await this.onProgress(this.progress(true));
  }

  report(): ImportReport {
    return { inserted: this.inserted, skipped: this.skipped, errors: this.errors, errors_total: this.errorsTotal };
  }
}
