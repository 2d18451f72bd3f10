// Turns one constraint or index of the physical model into its add or drop action, with the
// description and slot that kind of object gets.
import { compareText } from './compare-text.js';
import type { ObjectModel, TableModel } from './physical-model.js';
import { fieldRef, type PlanContext } from './plan-context.js';

const ON_DELETE_TEXT = { restrict: 'restrict', cascade: 'cascade', set_null: 'set null' } as const;

function ids(table: TableModel, object: ObjectModel) {
  return { collectionId: table.collection.id, fieldId: object.field?.id ?? null };
}

export function emitAddObject(context: PlanContext, table: TableModel, object: ObjectModel): void {
  const base = { destructive: false, ...ids(table, object) };
  const subject = fieldRef(object.column, table.name);
  switch (object.kind) {
    case 'check':
      context.out.add('add_check', {
        ...base,
        type: 'add_check',
        description: `add ${object.checkKind} check to ${subject}`,
        table: table.name,
        name: object.name,
        column: object.column,
        expression: object.expression,
      });
      return;
    case 'unique':
      context.out.add('add_unique', {
        ...base,
        type: 'add_unique',
        description: `make ${subject} unique`,
        table: table.name,
        name: object.name,
        column: object.column,
      });
      return;
    case 'index':
      context.out.add('create_index', {
        ...base,
        type: 'create_index',
        description: `index ${subject}`,
        table: table.name,
        name: object.name,
        column: object.column,
        method: object.method,
      });
      return;
    case 'foreign_key':
      context.out.add('add_foreign_key', {
        ...base,
        type: 'add_foreign_key',
        description: `link ${subject} to "${object.targetTable}" (on delete ${ON_DELETE_TEXT[object.onDelete]})`,
        table: table.name,
        name: object.name,
        column: object.column,
        referencedTable: object.targetTable,
        onDelete: object.onDelete,
      });
      return;
  }
}

/** Drops run first, so they name the table and column as they were before the change. */
export function emitDropObject(context: PlanContext, table: TableModel, object: ObjectModel): void {
  const base = { destructive: false, ...ids(table, object), table: table.name, name: object.name };
  const subject = fieldRef(object.column, table.name);
  context.droppedObjectNames.add(object.name);
  switch (object.kind) {
    case 'check':
      context.out.add('drop_check', {
        ...base,
        type: 'drop_check',
        description: `drop ${object.checkKind} check of ${subject}`,
      });
      return;
    case 'unique':
      context.out.add('drop_unique', {
        ...base,
        type: 'drop_unique',
        description: `drop unique constraint of ${subject}`,
      });
      return;
    case 'index':
      context.out.add('drop_index', { ...base, type: 'drop_index', description: `drop index of ${subject}` });
      return;
    case 'foreign_key':
      context.out.add('drop_foreign_key', {
        ...base,
        type: 'drop_foreign_key',
        description: `unlink ${subject} from "${object.targetTable}"`,
      });
      return;
  }
}

export function sortedObjects(table: TableModel): ObjectModel[] {
  return [...table.objects.values()].sort((a, b) => compareText(a.name, b.name));
}
