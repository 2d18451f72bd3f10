// Reads an import file row by row without loading it whole (CSV, NDJSON; a JSON array is
// parsed at once, bounded by IMPORT_MAX_BYTES). Each row comes with its number, and either
// a record to validate or the reasons it cannot be one. Problems with the file as a whole
// (a bad CSV header, broken quoting, a JSON document that is not an array) end the import.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Transform } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { asSentence, JsonTooDeepError, parseJsonWithinDepth } from '@stagecraft/core';
import { SYSTEM_COLUMN_NAMES, type FieldDefinition } from '@stagecraft/schema';
import { csvRecord } from './csv-values.js';
import type { ImportFormat, RowError } from './transfer-job.js';

export interface SourceRow {
  /** 1-based: CSV data rows (the header not counted), NDJSON lines, JSON array elements. */
  readonly row: number;
  readonly record?: Record<string, unknown>;
  readonly problems?: readonly RowError[];
}

/** The file cannot be imported at all; `errors` says where (row 0 is the CSV header). */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly errors: readonly RowError[] = [],
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

export interface RowSource {
  readonly rows: AsyncIterable<SourceRow>;
  /** Bytes of the file consumed so far. */
  readonly readBytes: () => number;
}

const SYSTEM = new Set<string>(SYSTEM_COLUMN_NAMES);

/** Header names must be writable fields (system columns, as in an export, are ignored). */
function checkHeader(header: readonly string[], writable: ReadonlyMap<string, FieldDefinition>): void {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) errors.push({ row: 0, field: name, message: `The column "${name}" appears twice.` });
    else if (!writable.has(name) && !SYSTEM.has(name)) {
      errors.push({ row: 0, field: name, message: `"${name}" is not a field of the collection that can be written.` });
    }
    seen.add(name);
  }
  if (errors.length > 0) {
    throw new ImportFileError(
      `The CSV header names columns the collection cannot take: ${errors.map((e) => e.field).join(', ')}; writable fields: ${[...writable.keys()].join(', ')}.`,
      errors,
    );
  }
}

/** `source` piped into `target`, with the source's errors (a vanished file) passed along. */
function pipeInto<T extends Transform>(path: string, target: T): T {
  const source = createReadStream(path);
  source.on('error', (error) => target.destroy(error));
  return source.pipe(target);
}

function csvSource(path: string, writable: ReadonlyMap<string, FieldDefinition>, jsonMaxDepth: number): RowSource {
  const parser = pipeInto(path, parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  async function* rows(): AsyncGenerator<SourceRow> {
    let columns: (FieldDefinition | undefined)[] | undefined;
    let row = 0;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        if (columns === undefined) {
          const header = cells.map((name) => name.trim());
          checkHeader(header, writable);
          columns = header.map((name) => writable.get(name));
          continue;
        }
        row += 1;
        if (cells.length !== columns.length) {
          yield {
            row,
            problems: [
              { row, field: null, message: `The row has ${cells.length} cells; the header has ${columns.length}.` },
            ],
          };
          continue;
        }
        const { record, problems } = csvRecord(cells, columns, jsonMaxDepth);
        yield problems === undefined
          ? { row, record }
          : { row, problems: [...problems].map(([field, message]) => ({ row, field, message })) };
      }
    } catch (error) {
      if (error instanceof ImportFileError) throw error;
      const csv = error as CsvError;
      if (typeof csv.code !== 'string' || !csv.code.startsWith('CSV_')) throw error;
      // The parser's own words ("Invalid Record Length: …") are kept, as a sentence.
      throw new ImportFileError(asSentence(`The CSV cannot be read after data row ${row}: ${csv.message}`), [
        { row: row + 1, field: null, message: asSentence(csv.message) },
      ]);
    }
    if (columns === undefined) throw new ImportFileError('The CSV file has no header row.');
  }
  return { rows: rows(), readBytes: () => parser.info.bytes };
}

function objectRow(row: number, value: unknown, what: string): SourceRow {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    return { row, record: value as Record<string, unknown> };
  }
  return { row, problems: [{ row, field: null, message: asSentence(`${what} is not a JSON object`) }] };
}

/** An NDJSON line holds one record: its values may nest JSON_MAX_DEPTH levels inside it. */
function ndjsonSource(path: string, jsonMaxDepth: number): RowSource {
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  async function* rows(): AsyncGenerator<SourceRow> {
    let row = 0;
    for await (const line of createInterface({ input: pipeInto(path, counter), crlfDelay: Infinity })) {
      row += 1;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = parseJsonWithinDepth(line, jsonMaxDepth + 1);
      } catch (error) {
        const message =
          error instanceof JsonTooDeepError
            ? `The line nests objects and arrays more than ${error.maxDepth} levels deep (a value may nest ${jsonMaxDepth}, JSON_MAX_DEPTH).`
            : 'The line is not valid JSON.';
        yield { row, problems: [{ row, field: null, message }] };
        continue;
      }
      yield objectRow(row, value, 'line');
    }
  }
  return { rows: rows(), readBytes: () => bytes };
}

/** A JSON array of records: its values may nest JSON_MAX_DEPTH levels inside the array and the record. */
function jsonSource(path: string, jsonMaxDepth: number): RowSource {
  let bytes = 0;
  async function* rows(): AsyncGenerator<SourceRow> {
    const text = await readFile(path, 'utf8');
    bytes = Buffer.byteLength(text);
    let document: unknown;
    try {
      document = parseJsonWithinDepth(text.replace(/^\uFEFF/, ''), jsonMaxDepth + 2);
    } catch (error) {
      if (error instanceof JsonTooDeepError) {
        throw new ImportFileError(
          `The JSON document nests objects and arrays more than ${error.maxDepth} levels deep: a value may nest ${jsonMaxDepth} (JSON_MAX_DEPTH) inside its record and the array.`,
        );
      }
      throw new ImportFileError(asSentence(`The file is not valid JSON: ${(error as Error).message}`));
    }
    if (!Array.isArray(document)) throw new ImportFileError('The JSON document must be an array of records.');
    for (let index = 0; index < document.length; index++) {
      yield objectRow(index + 1, document[index], 'element');
    }
  }
  return { rows: rows(), readBytes: () => bytes };
}

/**
 * Rows of the file at `path`; `writable` are the collection's writable fields by name. JSON rows
 * are measured before they are parsed: nested deeper than `jsonMaxDepth` (JSON_MAX_DEPTH) allows
 * inside them, they are refused, as a request body would be.
 */
export function rowSource(
  format: ImportFormat,
  path: string,
  writable: ReadonlyMap<string, FieldDefinition>,
  jsonMaxDepth: number,
): RowSource {
  switch (format) {
    case 'csv':
      return csvSource(path, writable, jsonMaxDepth);
    case 'ndjson':
      return ndjsonSource(path, jsonMaxDepth);
    case 'json':
      return jsonSource(path, jsonMaxDepth);
  }
}
