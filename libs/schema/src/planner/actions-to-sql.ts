// Renders each action as exactly one SQL statement. Identifiers go through quoteIdent; every
// literal was rendered by the safe literal renderer when the action was planned.
import type { OnDeleteAction } from '../metadata/field-options.js';
import { DATA_SCHEMA } from '../metadata/system-columns.js';
import { qualifiedTable, quoteIdent } from '../sql/quote-ident.js';
import type { ColumnSql, SchemaAction } from './schema-action.js';

const ON_DELETE_SQL: Record<OnDeleteAction, string> = {
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  set_null: 'SET NULL',
};

export function columnDefinitionSql(column: ColumnSql): string {
  const notNull = column.notNull ? ' NOT NULL' : '';
  const fallback = column.defaultSql === null ? '' : ` DEFAULT ${column.defaultSql}`;
  return `${quoteIdent(column.name)} ${column.sqlType}${notNull}${fallback}`;
}

const alterTable = (table: string): string => `ALTER TABLE ${qualifiedTable(table)}`;
const alterColumn = (table: string, column: string): string =>
  `${alterTable(table)} ALTER COLUMN ${quoteIdent(column)}`;
const qualifiedIndex = (name: string): string => `${quoteIdent(DATA_SCHEMA)}.${quoteIdent(name)}`;

export function actionToSql(action: SchemaAction): string {
  switch (action.type) {
    case 'create_table': {
      const columns = action.columns.map(columnDefinitionSql);
      const primaryKey = `CONSTRAINT ${quoteIdent(action.primaryKey)} PRIMARY KEY ("id")`;
      return `CREATE TABLE ${qualifiedTable(action.table)} (${[...columns, primaryKey].join(', ')})`;
    }
    case 'drop_table':
    case 'drop_junction_table':
      return `DROP TABLE ${qualifiedTable(action.table)}`;
    case 'rename_table':
      return `${alterTable(action.from)} RENAME TO ${quoteIdent(action.to)}`;
    case 'add_column':
      return `${alterTable(action.table)} ADD COLUMN ${columnDefinitionSql(action.column)}`;
    case 'drop_column':
      return `${alterTable(action.table)} DROP COLUMN ${quoteIdent(action.column)}`;
    case 'rename_column':
      return `${alterTable(action.table)} RENAME COLUMN ${quoteIdent(action.from)} TO ${quoteIdent(action.to)}`;
    case 'alter_column_type':
      return `${alterColumn(action.table, action.column)} TYPE ${action.sqlType} USING ${action.using}`;
    case 'set_not_null':
      return `${alterColumn(action.table, action.column)} SET NOT NULL`;
    case 'drop_not_null':
      return `${alterColumn(action.table, action.column)} DROP NOT NULL`;
    case 'set_default':
      return `${alterColumn(action.table, action.column)} SET DEFAULT ${action.defaultSql}`;
    case 'drop_default':
      return `${alterColumn(action.table, action.column)} DROP DEFAULT`;
    case 'add_check':
      return `${alterTable(action.table)} ADD CONSTRAINT ${quoteIdent(action.name)} CHECK (${action.expression})`;
    case 'add_unique':
      return `${alterTable(action.table)} ADD CONSTRAINT ${quoteIdent(action.name)} UNIQUE (${quoteIdent(action.column)})`;
    case 'add_foreign_key':
      return (
        `${alterTable(action.table)} ADD CONSTRAINT ${quoteIdent(action.name)} FOREIGN KEY (${quoteIdent(action.column)}) ` +
        `REFERENCES ${qualifiedTable(action.referencedTable)} ("id") ON DELETE ${ON_DELETE_SQL[action.onDelete]}`
      );
    case 'drop_check':
    case 'drop_unique':
    case 'drop_foreign_key':
      return `${alterTable(action.table)} DROP CONSTRAINT ${quoteIdent(action.name)}`;
    case 'create_index':
      return `CREATE INDEX ${quoteIdent(action.name)} ON ${qualifiedTable(action.table)} USING ${action.method} (${quoteIdent(action.column)})`;
    case 'drop_index':
      return `DROP INDEX ${qualifiedIndex(action.name)}`;
    case 'rename_constraint':
      return `${alterTable(action.table)} RENAME CONSTRAINT ${quoteIdent(action.from)} TO ${quoteIdent(action.to)}`;
    case 'rename_index':
      return `ALTER INDEX ${qualifiedIndex(action.from)} RENAME TO ${quoteIdent(action.to)}`;
    case 'create_junction_table': {
      const link = (column: string, name: string, table: string) =>
        `CONSTRAINT ${quoteIdent(name)} FOREIGN KEY (${quoteIdent(column)}) REFERENCES ${qualifiedTable(table)} ("id") ON DELETE CASCADE`;
      return (
        `CREATE TABLE ${qualifiedTable(action.table)} ("source_id" uuid NOT NULL, "target_id" uuid NOT NULL, ` +
        `CONSTRAINT ${quoteIdent(action.primaryKey)} PRIMARY KEY ("source_id", "target_id"), ` +
        `${link('source_id', action.sourceForeignKey, action.sourceTable)}, ${link('target_id', action.targetForeignKey, action.targetTable)})`
      );
    }
  }
}

/** One statement per action, in the same order, so `sql[i]` runs `actions[i]`. */
export function actionsToSql(actions: readonly SchemaAction[]): string[] {
  return actions.map(actionToSql);
}
