// Imports and exports as the records browser runs them: the import request's query, and what an
// import or export job's progress and result say (read defensively: they are free-form JSON).
export const IMPORT_FORMATS = ['csv', 'ndjson', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
export const IMPORT_MODES = ['all_or_nothing', 'skip_invalid'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const EXPORT_FORMATS = ['csv', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  emitEvents: boolean;
}

const BY_EXTENSION: Record<string, ImportFormat> = { csv: 'csv', ndjson: 'ndjson', jsonl: 'ndjson', json: 'json' };

/** The format a file name's extension stands for, if any. */
export function formatOfFileName(name: string): ImportFormat | undefined {
  const extension = name.includes('.') ? name.split('.').pop()?.toLowerCase() : undefined;
  return extension === undefined ? undefined : BY_EXTENSION[extension];
}

export function importQuery(options: ImportOptions): {
  format: ImportFormat;
  mode: ImportMode;
  events: 'true' | 'false';
} {
  return { format: options.format, mode: options.mode, events: options.emitEvents ? 'true' : 'false' };
}

export interface RowError {
  row: number;
  field: string | null;
  message: string;
}

export interface ImportOutcome {
  processed: number;
  inserted: number;
  skipped: number;
  /** 0–100 by bytes read; undefined before the worker has reported anything. */
  percent: number | undefined;
  errors: RowError[];
  errorsTotal: number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const numberOr = (value: unknown, fallback: number): number =>
  typeof value === 'number' && Number.isFinite(value) ? value : fallback;

/** Per-row errors from a report; entries that are not row errors are dropped, not guessed at. */
export function rowErrorsOf(value: unknown): RowError[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): RowError[] => {
    if (!isObject(item) || typeof item['message'] !== 'string') return [];
    const row = numberOr(item['row'], Number.NaN);
    if (Number.isNaN(row)) return [];
    const field = typeof item['field'] === 'string' && item['field'] !== '' ? item['field'] : null;
    return [{ row, field, message: item['message'] }];
  });
}

/**
 * An import job's state of play: the result once it completed; while it runs, and when it failed
 * (an all-or-nothing import with a bad row), the progress, which carries the errors at the end.
 */
export function importOutcomeOf(job: { progress: unknown; result: unknown }): ImportOutcome {
  const progress = isObject(job.progress) ? job.progress : {};
  const result = isObject(job.result) ? job.result : undefined;
  const source = result ?? progress;
  const errors = rowErrorsOf(source['errors']);
  const inserted = numberOr(source['inserted'], 0);
  const skipped = numberOr(source['skipped'], 0);
  const total = numberOr(progress['total_bytes'], 0);
  const read = numberOr(progress['read_bytes'], 0);
  return {
    processed: numberOr(progress['processed'], inserted + skipped),
    inserted,
    skipped,
    percent: result ? 100 : total > 0 ? Math.min(100, Math.round((read / total) * 100)) : undefined,
    errors,
    errorsTotal: numberOr(source['errors_total'], errors.length),
  };
}

export interface ExportOutcome {
  rows: number;
  bytes: number | undefined;
  fileName: string | undefined;
}

export function exportOutcomeOf(job: { progress: unknown; result: unknown }): ExportOutcome {
  const result = isObject(job.result) ? job.result : undefined;
  const progress = isObject(job.progress) ? job.progress : {};
  return {
    rows: numberOr(result?.['rows'] ?? progress['rows'], 0),
    bytes: typeof result?.['bytes'] === 'number' ? result['bytes'] : undefined,
    fileName: typeof result?.['file_name'] === 'string' ? result['file_name'] : undefined,
  };
}

/** The file name a Content-Disposition header gives (RFC 6266 filename* first), else the fallback. */
export function fileNameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // a malformed escape: fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]+)/.exec(header);
  const value = plain?.[1]?.trim();
  if (!value) return fallback;
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
