// Turns exported records into file text: CSV with a header row (arrays and objects as JSON,
// booleans as true/false, instants in ISO 8601, null as an empty cell) or one JSON object per
// line. The columns are what the records API would return to an admin: hidden and secret
// fields never appear.

import { Transform } from 'node:stream';
import type { CompiledCollection } from '@stagecraft/records';
import { SYSTEM_COLUMN_NAMES } from '@stagecraft/schema';
import { stringify } from 'csv-stringify';
import type { ExportFormat } from './transfer-job.js';

/** System fields first, then readable fields in their order; `only` narrows them (the `fields` parameter). */
export function exportColumns(collection: CompiledCollection, only?: ReadonlySet<string>): string[] {
  const readable = [...collection.fields.values()].filter((field) => field.readable).map((field) => field.name);
  return [...SYSTEM_COLUMN_NAMES, ...readable].filter((name) => !only || only.has(name));
}

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** A stream of records in, file text out. */
export function exportFormatter(format: ExportFormat, columns: readonly string[]): Transform {
  if (format === 'csv') {
    return stringify({
      header: true,
      columns: [...columns],
      cast: {
        boolean: (value) => (value ? 'true' : 'false'),
        date: (value) => value.toISOString(),
        object: (value) => JSON.stringify(value),
      },
    });
  }
  return new Transform({
    writableObjectMode: true,
    transform(record: Record<string, unknown>, _encoding, callback) {
      callback(null, `${JSON.stringify(record)}\n`);
    },
  });
}
