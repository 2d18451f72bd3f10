// Imports and exports: the import query, the format from a file name, and reading the job's
// progress and report (including the per-row errors) defensively.
import { describe, expect, it } from 'vitest';
import {
  exportOutcomeOf,
  fileNameFromDisposition,
  formatBytes,
  formatOfFileName,
  importOutcomeOf,
  importQuery,
  rowErrorsOf,
} from './transfer';

describe('import request', () => {
  it('builds the query from the options', () => {
    expect(importQuery({ format: 'csv', mode: 'skip_invalid', emitEvents: true })).toEqual({
      format: 'csv',
      mode: 'skip_invalid',
      events: 'true',
    });
    expect(importQuery({ format: 'json', mode: 'all_or_nothing', emitEvents: false }).events).toBe('false');
  });

  it.each([
    ['books.csv', 'csv'],
    ['BOOKS.CSV', 'csv'],
    ['dump.ndjson', 'ndjson'],
    ['dump.jsonl', 'ndjson'],
    ['array.json', 'json'],
    ['notes.txt', undefined],
    ['README', undefined],
  ])('reads the format of %s as %s', (name, format) => {
    expect(formatOfFileName(name)).toBe(format);
  });
});

describe('rowErrorsOf', () => {
  it('keeps row errors and drops anything else', () => {
    expect(
      rowErrorsOf([
        { row: 2, field: 'price', message: 'must be >= 0' },
        { row: 3, field: null, message: 'not an object' },
        { row: 4, field: '', message: 'empty field name' },
        { row: 'x', field: 'a', message: 'bad row' },
        { row: 5, field: 'a' },
        'junk',
      ]),
    ).toEqual([
      { row: 2, field: 'price', message: 'must be >= 0' },
      { row: 3, field: null, message: 'not an object' },
      { row: 4, field: null, message: 'empty field name' },
    ]);
    expect(rowErrorsOf(undefined)).toEqual([]);
  });
});

describe('importOutcomeOf', () => {
  it('reports progress by bytes read while running', () => {
    const outcome = importOutcomeOf({
      progress: { processed: 500, inserted: 490, skipped: 10, read_bytes: 250, total_bytes: 1000 },
      result: null,
    });
    expect(outcome).toMatchObject({ processed: 500, inserted: 490, skipped: 10, percent: 25, errors: [] });
  });

  it('has no percentage before the worker has reported anything', () => {
    expect(importOutcomeOf({ progress: 0, result: null }).percent).toBeUndefined();
  });

  it('reads the report of a completed import, with its row errors', () => {
    const outcome = importOutcomeOf({
      progress: { processed: 3, inserted: 2, skipped: 1, read_bytes: 90, total_bytes: 90 },
      result: { inserted: 2, skipped: 1, errors: [{ row: 2, field: 'price', message: 'bad' }], errors_total: 1 },
    });
    expect(outcome).toEqual({
      processed: 3,
      inserted: 2,
      skipped: 1,
      percent: 100,
      errors: [{ row: 2, field: 'price', message: 'bad' }],
      errorsTotal: 1,
    });
  });

  it('reads the errors of a failed all-or-nothing import from its progress', () => {
    const outcome = importOutcomeOf({
      progress: {
        processed: 3,
        inserted: 0,
        skipped: 0,
        read_bytes: 90,
        total_bytes: 90,
        errors: [{ row: 3, field: 'title', message: 'is required' }],
        errors_total: 4,
      },
      result: null,
    });
    expect(outcome).toMatchObject({ inserted: 0, errors: [{ row: 3, field: 'title' }], errorsTotal: 4 });
  });
});

describe('exports', () => {
  it('reads the result of a finished export', () => {
    expect(
      exportOutcomeOf({ progress: { rows: 3 }, result: { rows: 3, bytes: 120, format: 'csv', file_name: 'b.csv' } }),
    ).toEqual({ rows: 3, bytes: 120, fileName: 'b.csv' });
    expect(exportOutcomeOf({ progress: { rows: 7 }, result: null })).toEqual({
      rows: 7,
      bytes: undefined,
      fileName: undefined,
    });
  });

  it.each([
    ['attachment; filename="books-2026-11-24.csv"', 'books-2026-11-24.csv'],
    ['attachment; filename=books.ndjson', 'books.ndjson'],
    [`attachment; filename="x.csv"; filename*=UTF-8''b%C3%BCcher.csv`, 'bücher.csv'],
    ['attachment; filename="a \\"quoted\\" name.csv"', 'a "quoted" name.csv'],
    ['attachment', 'fallback.csv'],
    [null, 'fallback.csv'],
  ])('takes the file name from %s', (header, name) => {
    expect(fileNameFromDisposition(header, 'fallback.csv')).toBe(name);
  });

  it('formats sizes', () => {
    expect([formatBytes(12), formatBytes(2048), formatBytes(5 * 1024 * 1024)]).toEqual(['12 B', '2.0 KB', '5.0 MB']);
  });
});
