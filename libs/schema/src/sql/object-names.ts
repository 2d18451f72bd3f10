// Deterministic names for tables, constraints and indexes, derived from table names and stable
// ids, so a later diff can find and drop exactly what an earlier one created (≤ 63 bytes).
import { shortHash } from './short-hash.js';

const MAX_IDENTIFIER = 63;

/** Hex of the id without dashes. */
export function idHex(id: string): string {
  return id.replaceAll('-', '').toLowerCase();
}

/**
 * The last 12 hex digits of a field id: random in UUIDv4 and UUIDv7 alike (v7 starts with a
 * timestamp, so fields created together share their first digits).
 */
export function fieldIdShort(fieldId: string): string {
  return idHex(fieldId).slice(-12);
}

/** `<table>_<suffix>`, the table part shortened and hashed when the whole would exceed 63. */
export function tableObjectName(table: string, suffix: string): string {
  const full = `${table}_${suffix}`;
  if (full.length <= MAX_IDENTIFIER) return full;
  const keep = MAX_IDENTIFIER - suffix.length - 10;
  return `${table.slice(0, keep)}_${shortHash(table)}_${suffix}`;
}

export const CHECK_KINDS = [
  'min',
  'max',
  'minlen',
  'maxlen',
  'pattern',
  'values',
  'maxsel',
  'shape',
  'notblank',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const objectNames = {
  primaryKey: (table: string): string => tableObjectName(table, 'pkey'),
  createdByForeignKey: (table: string): string => tableObjectName(table, 'created_by_fkey'),
  check: (table: string, fieldId: string, kind: CheckKind): string =>
    tableObjectName(table, `${fieldIdShort(fieldId)}_${kind}_chk`),
  unique: (table: string, fieldId: string): string => tableObjectName(table, `${fieldIdShort(fieldId)}_key`),
  index: (table: string, fieldId: string): string => tableObjectName(table, `${fieldIdShort(fieldId)}_idx`),
  foreignKey: (table: string, fieldId: string): string => tableObjectName(table, `${fieldIdShort(fieldId)}_fkey`),
  /** Named after the field id alone, so renaming the field or either collection never touches it. */
  junctionTable: (fieldId: string): string => `_m2m_${idHex(fieldId)}`,
  junctionPrimaryKey: (fieldId: string): string => `_m2m_${idHex(fieldId)}_pkey`,
  junctionForeignKey: (fieldId: string, column: 'source_id' | 'target_id'): string =>
    `_m2m_${idHex(fieldId)}_${column}_fkey`,
  junctionTargetIndex: (fieldId: string): string => `_m2m_${idHex(fieldId)}_target_id_idx`,
  /** Placeholder used while names are swapped in a cycle (user names never start with `_`). */
  temporary: (key: string): string => `_tmp_${shortHash(key)}${shortHash(`~${key}`)}`,
};
