// The engine's columns on every collection table. `id` has no database default: the app
// generates UUIDv7 ids, so the id is known before the insert (outbox events, ETags).
import type { ColumnSql } from './schema-action.js';

export const SYSTEM_COLUMNS_SQL: readonly ColumnSql[] = [
  { name: 'id', sqlType: 'uuid', notNull: true, defaultSql: null },
  { name: 'created_at', sqlType: 'timestamptz', notNull: true, defaultSql: 'now()' },
  { name: 'updated_at', sqlType: 'timestamptz', notNull: true, defaultSql: 'now()' },
  { name: 'created_by', sqlType: 'uuid', notNull: false, defaultSql: null },
  { name: 'version', sqlType: 'integer', notNull: true, defaultSql: '1' },
];
