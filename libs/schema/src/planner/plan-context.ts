// State shared by the steps of one planning run: both physical models, the action slots, and
// what earlier steps decided (dropped tables, freed names, renames still to order).
import { ActionCollector } from './action-collector.js';
import type { SchemaModel } from './physical-model.js';
import type { RenameRequest } from './rename-steps.js';

export interface ObjectRenameItem {
  table: string;
  via: 'constraint' | 'index';
  collectionId: string;
  fieldId: string | null;
}

export interface PlanContext {
  before: SchemaModel;
  after: SchemaModel;
  out: ActionCollector;
  /** Collection ids (lowercase) present before and gone after. */
  droppedTables: Set<string>;
  /** Dropped collections whose name is reused, dropped before renames and creates. */
  earlyDroppedTables: Set<string>;
  /** Names freed by the first phase, available to renames. */
  droppedObjectNames: Set<string>;
  objectRenames: RenameRequest<ObjectRenameItem>[];
}

export function createPlanContext(before: SchemaModel, after: SchemaModel): PlanContext {
  const droppedTables = new Set([...before.tables.keys()].filter((id) => !after.tables.has(id)));
  const afterNames = new Set([...after.tables.values()].map((t) => t.name));
  const earlyDroppedTables = new Set(
    [...droppedTables].filter((id) => afterNames.has(before.tables.get(id)?.name ?? '')),
  );
  return {
    before,
    after,
    out: new ActionCollector(),
    droppedTables,
    earlyDroppedTables,
    droppedObjectNames: new Set(),
    objectRenames: [],
  };
}

export const fieldRef = (field: string, table: string): string => `field "${field}" on "${table}"`;
