// Maps a selected row to the record clients see: system fields, then readable fields, with
// numeric columns as JSON numbers; optionally only the fields the caller asked for.

import type { CompiledCollection } from './compiled-collection.js';

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
