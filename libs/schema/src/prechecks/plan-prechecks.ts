// Maps planned actions to the pre-checks they need. The runner runs each right before its action,
// in the same transaction, so it sees the schema as the earlier actions left it.
import type { SchemaAction } from '../planner/schema-action.js';
import {
  buildCastPrecheckSql,
  buildCheckPrecheckSql,
  buildDuplicatePrecheckSql,
  buildExistingRowsPrecheckSql,
  buildNullRowsPrecheckSql,
} from './precheck-sql.js';

export type PrecheckKind = 'required_missing' | 'duplicate_values' | 'cast_failure' | 'check_violation';

export interface DataPrecheck {
  kind: PrecheckKind;
  /** Index of the action this pre-check guards in the planned list. */
  actionIndex: number;
  collectionId: string | null;
  fieldId: string | null;
  table: string;
  column: string;
  /** Returns one row `{ count, sample }` (see PrecheckResult); count > 0 means refuse with 409. */
  sql: string;
  message: string;
}

type Guard = Pick<DataPrecheck, 'kind' | 'table' | 'column' | 'sql' | 'message'>;

const subject = (column: string, table: string) => `field "${column}" on "${table}"`;

function guardFor(action: SchemaAction): Guard | null {
  switch (action.type) {
    case 'add_column': {
      const { table, column } = action;
      if (!column.notNull || column.defaultSql !== null) return null;
      const message = `The ${subject(column.name, table)} is required and has no default, but "${table}" has records`;
      return {
        kind: 'required_missing',
        table,
        column: column.name,
        sql: buildExistingRowsPrecheckSql(table),
        message,
      };
    }
    case 'set_not_null': {
      const message = `The ${subject(action.column, action.table)} becomes required, but some records have no value`;
      return {
        kind: 'required_missing',
        table: action.table,
        column: action.column,
        sql: buildNullRowsPrecheckSql(action.table, action.column),
        message,
      };
    }
    case 'alter_column_type': {
      if (action.failsWhen === null) return null;
      const message = `Some values of the ${subject(action.column, action.table)} cannot be converted to ${action.sqlType}`;
      return {
        kind: 'cast_failure',
        table: action.table,
        column: action.column,
        sql: buildCastPrecheckSql(action.table, action.column, action.failsWhen),
        message,
      };
    }
    case 'add_unique': {
      const message = `The ${subject(action.column, action.table)} becomes unique, but some values repeat`;
      return {
        kind: 'duplicate_values',
        table: action.table,
        column: action.column,
        sql: buildDuplicatePrecheckSql(action.table, action.column),
        message,
      };
    }
    case 'add_check': {
      const message = `Some values of the ${subject(action.column, action.table)} break the new rule (${action.description})`;
      return {
        kind: 'check_violation',
        table: action.table,
        column: action.column,
        sql: buildCheckPrecheckSql(action.table, action.column, action.expression),
        message,
      };
    }
    // Foreign keys are added only to new columns or with a new onDelete for the same target
    // (validation refuses target changes), so no existing value can break them.
    case 'add_foreign_key':
    case 'create_table':
    case 'drop_table':
    case 'rename_table':
    case 'drop_column':
    case 'rename_column':
    case 'drop_not_null':
    case 'set_default':
    case 'drop_default':
    case 'drop_check':
    case 'drop_unique':
    case 'drop_foreign_key':
    case 'create_index':
    case 'drop_index':
    case 'rename_constraint':
    case 'rename_index':
    case 'create_junction_table':
    case 'drop_junction_table':
      return null;
  }
}

export function precheckForAction(action: SchemaAction, actionIndex: number): DataPrecheck | null {
  const guard = guardFor(action);
  return guard === null ? null : { ...guard, actionIndex, collectionId: action.collectionId, fieldId: action.fieldId };
}

/** The pre-checks of a plan, in action order. */
export function planPrechecks(actions: readonly SchemaAction[]): DataPrecheck[] {
  return actions.flatMap((action, index) => precheckForAction(action, index) ?? []);
}
