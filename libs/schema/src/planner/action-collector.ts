// Collects actions into fixed slots and concatenates them in Immich's safe order: drop
// indexes/constraints → tables → columns → constraints → indexes → drop columns/tables.
import type { SchemaAction } from './schema-action.js';

export const ACTION_SLOTS = [
  // 1. drop indexes and constraints (and defaults that a type change could not cast)
  'drop_index',
  'drop_unique',
  'drop_foreign_key',
  'drop_check',
  'drop_default',
  'drop_changed_junction',
  // 2. tables; a dropped table whose name is reused goes first to free the name
  'early_drop_junction',
  'early_drop_table',
  'rename_table',
  'rename_object',
  'create_table',
  'create_junction_table',
  // 3. columns; likewise a dropped column whose name is reused
  'early_drop_column',
  'rename_column',
  'add_column',
  'alter_column_type',
  'set_default',
  'drop_not_null',
  'set_not_null',
  // 4. foreign, unique and check constraints (primary keys are created with their table)
  'add_foreign_key',
  'add_unique',
  'add_check',
  // 5. indexes
  'create_index',
  // 6. drop columns and tables
  'drop_column',
  'drop_junction_table',
  'drop_table',
] as const;

export type ActionSlot = (typeof ACTION_SLOTS)[number];

export class ActionCollector {
  private readonly slots = new Map<ActionSlot, SchemaAction[]>();

  add(slot: ActionSlot, action: SchemaAction): void {
    const list = this.slots.get(slot);
    if (list === undefined) this.slots.set(slot, [action]);
    else list.push(action);
  }

  actions(): SchemaAction[] {
    return ACTION_SLOTS.flatMap((slot) => this.slots.get(slot) ?? []);
  }
}
