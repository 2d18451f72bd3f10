// Plans the column changes of a table kept across the change: drops, renames (ordered, swaps
// via temporary names), adds, type changes with USING, defaults and NOT NULL.
import { SYSTEM_COLUMN_NAMES } from '../metadata/system-columns.js';
import { quoteIdent } from '../sql/quote-ident.js';
import { columnChange } from './column-cast.js';
import type { ColumnModel, TableModel } from './physical-model.js';
import { fieldRef, type PlanContext } from './plan-context.js';
import { orderRenames, type RenameRequest } from './rename-steps.js';
import type { ColumnSql } from './schema-action.js';
import { SchemaPlanError } from './schema-plan-error.js';

export function columnSql(column: ColumnModel): ColumnSql {
  return { name: column.name, sqlType: column.sqlType, notNull: column.notNull, defaultSql: column.defaultSql };
}

function planDrops(context: PlanContext, before: TableModel, after: TableModel, removed: ColumnModel[]): Set<string> {
  const afterNames = new Set([...after.columns.values()].map((c) => c.name));
  const freed = new Set<string>();
  for (const column of removed) {
    const early = afterNames.has(column.name);
    if (early) freed.add(column.name);
    context.out.add(early ? 'early_drop_column' : 'drop_column', {
      type: 'drop_column',
      description: `drop ${fieldRef(column.name, before.name)} and its values`,
      destructive: true,
      collectionId: after.collection.id,
      fieldId: column.field.id,
      table: after.name,
      column: column.name,
    });
  }
  return freed;
}

function planRenames(context: PlanContext, before: TableModel, after: TableModel, freed: Set<string>): void {
  const requests: RenameRequest<ColumnModel>[] = [];
  for (const [id, column] of after.columns) {
    const old = before.columns.get(id);
    if (old !== undefined && old.name !== column.name)
      requests.push({ key: id, from: old.name, to: column.name, item: column });
  }
  const occupied = [...SYSTEM_COLUMN_NAMES, ...[...before.columns.values()].map((c) => c.name)].filter(
    (n) => !freed.has(n),
  );
  for (const step of orderRenames(requests, occupied)) {
    context.out.add('rename_column', {
      type: 'rename_column',
      description: step.temporary
        ? `rename ${fieldRef(step.from, after.name)} to temporary "${step.to}" (names are swapped)`
        : `rename field "${step.from}" to "${step.to}" on "${after.name}"`,
      destructive: false,
      collectionId: after.collection.id,
      fieldId: step.item.field.id,
      table: after.name,
      from: step.from,
      to: step.to,
    });
  }
}

function planKept(
  context: PlanContext,
  before: TableModel,
  after: TableModel,
  old: ColumnModel,
  column: ColumnModel,
): void {
  const base = { destructive: false, collectionId: after.collection.id, fieldId: column.field.id };
  const change = columnChange(old.field, column.field);
  if (change.kind === 'unsupported') {
    throw new SchemaPlanError(
      'type_change_unsupported',
      `The ${fieldRef(column.name, after.name)} cannot change from ${old.field.type} to ${column.field.type}.`,
    );
  }
  const retyped = change.kind === 'cast';
  // A default is dropped before a type change: PostgreSQL would try to cast it and may fail.
  if (old.defaultSql !== null && (column.defaultSql === null || retyped)) {
    context.out.add('drop_default', {
      ...base,
      type: 'drop_default',
      description: `remove the default of ${fieldRef(old.name, before.name)}`,
      table: before.name,
      column: old.name,
    });
  }
  if (change.kind === 'cast') {
    const quoted = quoteIdent(column.name);
    context.out.add('alter_column_type', {
      ...base,
      type: 'alter_column_type',
      description: `change ${fieldRef(column.name, after.name)} from ${old.field.type} (${old.sqlType}) to ${column.field.type} (${column.sqlType})`,
      destructive: change.cast.lossy,
      table: after.name,
      column: column.name,
      fromSqlType: old.sqlType,
      sqlType: column.sqlType,
      using: change.cast.using(quoted),
      failsWhen: change.cast.failsWhen === null ? null : change.cast.failsWhen(quoted),
    });
  }
  if (column.defaultSql !== null && (column.defaultSql !== old.defaultSql || retyped)) {
    context.out.add('set_default', {
      ...base,
      type: 'set_default',
      description: `set the default of ${fieldRef(column.name, after.name)}`,
      table: after.name,
      column: column.name,
      defaultSql: column.defaultSql,
    });
  }
  if (old.notNull && !column.notNull) {
    context.out.add('drop_not_null', {
      ...base,
      type: 'drop_not_null',
      description: `make ${fieldRef(column.name, after.name)} optional`,
      table: after.name,
      column: column.name,
    });
  }
  if (!old.notNull && column.notNull) {
    context.out.add('set_not_null', {
      ...base,
      type: 'set_not_null',
      description: `make ${fieldRef(column.name, after.name)} required`,
      table: after.name,
      column: column.name,
    });
  }
}

/** Returns the ids of fields whose column is dropped (their constraints go with the column). */
export function planColumns(context: PlanContext, before: TableModel, after: TableModel): Set<string> {
  const removed = [...before.columns.entries()].filter(([id]) => !after.columns.has(id));
  const freed = planDrops(
    context,
    before,
    after,
    removed.map(([, column]) => column),
  );
  planRenames(context, before, after, freed);
  for (const [id, column] of after.columns) {
    const old = before.columns.get(id);
    if (old === undefined) {
      context.out.add('add_column', {
        type: 'add_column',
        description: `add ${fieldRef(column.name, after.name)} (${column.field.type})`,
        destructive: false,
        collectionId: after.collection.id,
        fieldId: column.field.id,
        table: after.name,
        column: columnSql(column),
      });
    } else {
      planKept(context, before, after, old, column);
    }
  }
  return new Set(removed.map(([id]) => id));
}
