// The options of an import request (format, mode, events), checked where the use case starts:
// the format comes from `format`, else the content type, else the file name's extension.

import { AppException, ErrorCode, fieldSentence, listOf, type FieldError } from '@stagecraft/core';
import { IMPORT_FORMATS, IMPORT_MODES, type ImportFormat, type ImportMode } from './transfer-job.js';

export interface RawImportOptions {
  readonly format?: string;
  readonly mode?: string;
  readonly events?: string;
}

export interface ImportOptions {
  readonly format: ImportFormat;
  readonly mode: ImportMode;
  readonly emitEvents: boolean;
}

const BY_CONTENT_TYPE: Readonly<Record<string, ImportFormat>> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/json': 'json',
};

const BY_EXTENSION: Readonly<Record<string, ImportFormat>> = {
  csv: 'csv',
  ndjson: 'ndjson',
  jsonl: 'ndjson',
  json: 'json',
};

const includes = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** The format a content type or file name stands for, if any. */
export function detectImportFormat(contentType?: string, fileName?: string): ImportFormat | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  const byType = mediaType === undefined ? undefined : BY_CONTENT_TYPE[mediaType];
  if (byType) return byType;
  const extension = fileName?.includes('.') ? fileName.split('.').pop()?.toLowerCase() : undefined;
  return extension === undefined ? undefined : BY_EXTENSION[extension];
}

export function parseImportOptions(raw: RawImportOptions, contentType?: string, fileName?: string): ImportOptions {
  const problems: FieldError[] = [];
  if (raw.format !== undefined && !includes(IMPORT_FORMATS, raw.format)) {
    problems.push({
      field: 'format',
      code: 'isIn',
      message: fieldSentence('format', `must be one of ${listOf(IMPORT_FORMATS)}`),
    });
  }
  if (raw.mode !== undefined && !includes(IMPORT_MODES, raw.mode)) {
    problems.push({
      field: 'mode',
      code: 'isIn',
      message: fieldSentence('mode', `must be one of ${listOf(IMPORT_MODES)}`),
    });
  }
  if (raw.events !== undefined && !['true', 'false'].includes(raw.events)) {
    problems.push({ field: 'events', code: 'isIn', message: fieldSentence('events', 'must be true or false') });
  }
  if (problems.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, problems.map((problem) => problem.message).join(' '), {
      errors: problems,
    });
  }
  const format = (raw.format as ImportFormat | undefined) ?? detectImportFormat(contentType, fileName);
  if (format === undefined) {
    throw new AppException(
      ErrorCode.UnsupportedMediaType,
      `Cannot tell the file's format from its content type (${contentType ?? 'none'}); send text/csv, application/x-ndjson or application/json, or say format=csv|ndjson|json.`,
    );
  }
  return {
    format,
    mode: (raw.mode as ImportMode | undefined) ?? 'all_or_nothing',
    emitEvents: raw.events === 'true',
  };
}
