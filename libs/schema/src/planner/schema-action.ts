// The planner's output: typed actions, each rendered to exactly one SQL statement, carrying a
// human description and whether it destroys data (the API lists those for confirmation).
import type { OnDeleteAction } from '../metadata/field-options.js';

export interface ActionBase {
  /** e.g. `rename field "titel" to "title" on "posts"`. */
  description: string;
  /** True when records or values are lost: dropped tables, columns, links, lossy casts. */
  destructive: boolean;
  collectionId: string | null;
  fieldId: string | null;
}

export interface ColumnSql {
  name: string;
  sqlType: string;
  notNull: boolean;
  /** A SQL expression rendered by the literal renderer, or null. */
  defaultSql: string | null;
}

export type SchemaActionBody =
  | { type: 'create_table'; table: string; columns: ColumnSql[]; primaryKey: string }
  | { type: 'drop_table'; table: string }
  | { type: 'rename_table'; from: string; to: string }
  | { type: 'add_column'; table: string; column: ColumnSql }
  | { type: 'drop_column'; table: string; column: string }
  | { type: 'rename_column'; table: string; from: string; to: string }
  | {
      type: 'alter_column_type';
      table: string;
      column: string;
      fromSqlType: string;
      sqlType: string;
      using: string;
      /** Predicate over the old column true for rows the cast would reject, for the pre-check. */
      failsWhen: string | null;
    }
  | { type: 'set_not_null'; table: string; column: string }
  | { type: 'drop_not_null'; table: string; column: string }
  | { type: 'set_default'; table: string; column: string; defaultSql: string }
  | { type: 'drop_default'; table: string; column: string }
  | { type: 'add_check'; table: string; name: string; column: string; expression: string }
  | { type: 'drop_check'; table: string; name: string }
  | { type: 'add_unique'; table: string; name: string; column: string }
  | { type: 'drop_unique'; table: string; name: string }
  | {
      type: 'add_foreign_key';
      table: string;
      name: string;
      column: string;
      referencedTable: string;
      onDelete: OnDeleteAction;
    }
  | { type: 'drop_foreign_key'; table: string; name: string }
  | { type: 'create_index'; table: string; name: string; column: string; method: 'btree' | 'gin' }
  | { type: 'drop_index'; table: string; name: string }
  | { type: 'rename_constraint'; table: string; from: string; to: string }
  | { type: 'rename_index'; from: string; to: string }
  | {
      type: 'create_junction_table';
      table: string;
      sourceTable: string;
      targetTable: string;
      primaryKey: string;
      sourceForeignKey: string;
      targetForeignKey: string;
    }
  | { type: 'drop_junction_table'; table: string };

export type SchemaAction = ActionBase & SchemaActionBody;
export type SchemaActionType = SchemaAction['type'];
