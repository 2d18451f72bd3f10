// Maps a selected row to the record clients see: system fields, then readable fields, with
// numeric columns as JSON numbers; optionally only the fields the caller asked for.

import type { CompiledCollection } from './compiled-collection.js';
import { SelectionCache } from './selection-cache.js';

export type RecordData = Record<string, unknown> & { id: string; version: number };

const SYSTEM_FIELDS = ['id', 'created_at', 'updated_at', 'created_by', 'version'];

export function toRecord(
  row: Record<string, unknown>,
  collection: CompiledCollection,
  only?: ReadonlySet<string>,
): RecordData {
  const record: Record<string, unknown> = {};
  for (const name of SYSTEM_FIELDS) {
    if (!only || only.has(name)) record[name] = row[name];
  }
  for (const field of collection.fields.values()) {
    if (!field.readable || (only && !only.has(field.name))) continue;
    const value = row[field.name];
    // pg returns numeric as a string to keep precision; the API documents numbers.
    record[field.name] = field.kind === 'number' && value !== null && value !== undefined ? Number(value) : value;
  }
  return record as RecordData;
}

/** Builds the record of one row, as toRecord does. */
export type RecordReader = (row: Record<string, unknown>) => RecordData;

interface ColumnRead {
  readonly field: string;
  readonly column: string;
  readonly numeric: boolean;
}

const readers = new SelectionCache<RecordReader>((collection, fields, prefix) =>
  newReader(columnReads(collection, fields, prefix)),
);

/**
 * toRecord worked out once for a selection: the record's id and the readable fields among
 * `fields`, from columns named `prefix` + field. A nested GraphQL page builds hundreds of records
 * of a few selections; toRecord walks every field of the collection for each, and a joined
 * record's columns had to be copied out from under their prefix first. Kept per collection,
 * fields set and prefix.
 */
export function recordReader(collection: CompiledCollection, fields: ReadonlySet<string>, prefix = ''): RecordReader {
  return readers.get(collection, fields, prefix);
}

function columnReads(collection: CompiledCollection, fields: ReadonlySet<string>, prefix: string): ColumnRead[] {
  const reads = SYSTEM_FIELDS.filter((name) => name === 'id' || fields.has(name)).map((name) => ({
    field: name,
    column: prefix + name,
    numeric: false,
  }));
  for (const field of collection.fields.values()) {
    if (!field.readable || !fields.has(field.name)) continue;
    reads.push({ field: field.name, column: prefix + field.name, numeric: field.kind === 'number' });
  }
  return reads;
}

function newReader(reads: readonly ColumnRead[]): RecordReader {
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const { field, column, numeric } of reads) {
      const value = row[column];
      record[field] = numeric && value !== null && value !== undefined ? Number(value) : value;
    }
    return record as RecordData;
  };
}
