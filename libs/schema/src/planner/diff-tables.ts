// Plans table-level changes: created tables with all their objects, dropped tables, and kept
// tables (renames, columns, changed constraints and indexes, and objects renamed with the table).
import { columnSql, planColumns } from './diff-columns.js';
import { emitAddObject, emitDropObject, sortedObjects } from './object-actions.js';
import type { TableModel } from './physical-model.js';
import type { PlanContext } from './plan-context.js';
import { orderRenames, type RenameRequest } from './rename-steps.js';
import { SYSTEM_COLUMNS_SQL } from './system-columns-sql.js';

const collectionKey = (table: TableModel): string => table.collection.id.toLowerCase();

export function planCreatedTable(context: PlanContext, table: TableModel): void {
  context.out.add('create_table', {
    type: 'create_table',
    description: `create collection "${table.name}"`,
    destructive: false,
    collectionId: table.collection.id,
    fieldId: null,
    table: table.name,
    columns: [...SYSTEM_COLUMNS_SQL, ...[...table.columns.values()].map(columnSql)],
    primaryKey: table.primaryKey,
  });
  for (const object of sortedObjects(table)) emitAddObject(context, table, object);
}

export function planDroppedTable(context: PlanContext, table: TableModel): void {
  const id = collectionKey(table);
  // Foreign keys between dropped tables go first, so the tables can be dropped in any order.
  for (const object of sortedObjects(table)) {
    if (
      object.kind === 'foreign_key' &&
      object.targetCollectionId !== id &&
      context.droppedTables.has(object.targetCollectionId)
    ) {
      emitDropObject(context, table, object);
    }
  }
  context.out.add(context.earlyDroppedTables.has(id) ? 'early_drop_table' : 'drop_table', {
    type: 'drop_table',
    description: `drop collection "${table.name}" and all its records`,
    destructive: true,
    collectionId: table.collection.id,
    fieldId: null,
    table: table.name,
  });
}

function planObjects(context: PlanContext, before: TableModel, after: TableModel, droppedFields: Set<string>): void {
  for (const old of sortedObjects(before)) {
    const current = after.objects.get(old.key);
    if (current === undefined || current.signature !== old.signature) {
      const fieldId = old.field?.id.toLowerCase();
      const goesWithColumn = fieldId !== undefined && droppedFields.has(fieldId);
      // DROP COLUMN removes the column's own objects, except a link to a table dropped earlier.
      const blocksTableDrop = old.kind === 'foreign_key' && context.droppedTables.has(old.targetCollectionId);
      if (!goesWithColumn || blocksTableDrop) emitDropObject(context, before, old);
    } else if (current.name !== old.name) {
      context.objectRenames.push({
        key: `${collectionKey(after)}:${old.key}`,
        from: old.name,
        to: current.name,
        item: {
          table: after.name,
          via: old.kind === 'index' ? 'index' : 'constraint',
          collectionId: after.collection.id,
          fieldId: old.field?.id ?? null,
        },
      });
    }
  }
  for (const object of sortedObjects(after)) {
    const old = before.objects.get(object.key);
    if (old === undefined || old.signature !== object.signature) emitAddObject(context, after, object);
  }
}

export function planKeptTable(context: PlanContext, before: TableModel, after: TableModel): void {
  if (before.primaryKey !== after.primaryKey) {
    context.objectRenames.push({
      key: `${collectionKey(after)}:pkey`,
      from: before.primaryKey,
      to: after.primaryKey,
      item: { table: after.name, via: 'constraint', collectionId: after.collection.id, fieldId: null },
    });
  }
  const droppedFields = planColumns(context, before, after);
  planObjects(context, before, after, droppedFields);
}

export function planTableRenames(context: PlanContext): void {
  const requests: RenameRequest<TableModel>[] = [];
  for (const [id, after] of context.after.tables) {
    const before = context.before.tables.get(id);
    if (before !== undefined && before.name !== after.name)
      requests.push({ key: id, from: before.name, to: after.name, item: after });
  }
  const occupied = [...context.before.tables.entries()]
    .filter(([id]) => !context.earlyDroppedTables.has(id))
    .map(([, t]) => t.name);
  for (const step of orderRenames(requests, occupied)) {
    context.out.add('rename_table', {
      type: 'rename_table',
      description: step.temporary
        ? `rename collection "${step.from}" to temporary "${step.to}" (names are swapped)`
        : `rename collection "${step.from}" to "${step.to}"`,
      destructive: false,
      collectionId: step.item.collection.id,
      fieldId: null,
      from: step.from,
      to: step.to,
    });
  }
}

/** PostgreSQL keeps constraint and index names on ALTER TABLE RENAME; ours follow the table name. */
export function planObjectRenames(context: PlanContext): void {
  const occupied: string[] = [];
  for (const [id, table] of context.before.tables) {
    if (context.earlyDroppedTables.has(id)) continue;
    occupied.push(table.primaryKey, ...[...table.objects.values()].map((o) => o.name));
  }
  const free = occupied.filter((name) => !context.droppedObjectNames.has(name));
  for (const step of orderRenames(context.objectRenames, free)) {
    const base = {
      destructive: false,
      collectionId: step.item.collectionId,
      fieldId: step.item.fieldId,
      from: step.from,
      to: step.to,
    };
    if (step.item.via === 'index') {
      context.out.add('rename_object', {
        ...base,
        type: 'rename_index',
        description: `rename index "${step.from}" to "${step.to}"`,
      });
    } else {
      context.out.add('rename_object', {
        ...base,
        type: 'rename_constraint',
        description: `rename constraint "${step.from}" to "${step.to}" on "${step.item.table}"`,
        table: step.item.table,
      });
    }
  }
}
