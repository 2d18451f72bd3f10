import { AppException } from '@stagecraft/core';
import { detectImportFormat, parseImportOptions } from './import-options.js';

describe('detectImportFormat', () => {
  it.each([
    ['text/csv', undefined, 'csv'],
    ['text/csv; charset=utf-8', undefined, 'csv'],
    ['application/x-ndjson', undefined, 'ndjson'],
    ['application/json', undefined, 'json'],
    ['application/octet-stream', 'items.csv', 'csv'],
    ['application/vnd.ms-excel', 'ITEMS.CSV', 'csv'],
    [undefined, 'rows.jsonl', 'ndjson'],
    ['text/plain', 'notes.txt', undefined],
    [undefined, undefined, undefined],
  ])('%s, %s → %s', (contentType, fileName, format) => {
    expect(detectImportFormat(contentType, fileName)).toBe(format);
  });
});

describe('parseImportOptions', () => {
  it('defaults to all_or_nothing without events, the format from the content type', () => {
    expect(parseImportOptions({}, 'text/csv')).toEqual({ format: 'csv', mode: 'all_or_nothing', emitEvents: false });
  });

  it('takes an explicit format over the content type', () => {
    expect(parseImportOptions({ format: 'ndjson', mode: 'skip_invalid', events: 'true' }, 'text/plain')).toEqual({
      format: 'ndjson',
      mode: 'skip_invalid',
      emitEvents: true,
    });
  });

  it('names every bad option in one 400', () => {
    let caught: unknown;
    try {
      parseImportOptions({ format: 'xml', mode: 'some', events: 'yes' }, 'text/csv');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AppException);
    expect((caught as AppException).status).toBe(400);
    expect((caught as AppException).options.errors?.map((e) => e.field)).toEqual(['format', 'mode', 'events']);
  });

  it('is a 415 when the format cannot be told', () => {
    expect(() => parseImportOptions({}, 'text/plain')).toThrow(expect.objectContaining({ status: 415 }) as Error);
  });
});
