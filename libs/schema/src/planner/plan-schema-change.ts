// The pure schema planner: metadata before and after → ordered, described actions. Collections
// and fields are matched by stable id, so renames are renames; output is deterministic.
import { compareText } from './compare-text.js';
import type { CollectionDefinition } from '../metadata/collection-definition.js';
import { planJunctions } from './diff-junctions.js';
import {
  planCreatedTable,
  planDroppedTable,
  planKeptTable,
  planObjectRenames,
  planTableRenames,
} from './diff-tables.js';
import { buildSchemaModel, type TableModel } from './physical-model.js';
import { createPlanContext } from './plan-context.js';
import type { SchemaAction } from './schema-action.js';

interface TablePair {
  id: string;
  before: TableModel | undefined;
  after: TableModel | undefined;
}

function pairs(before: Map<string, TableModel>, after: Map<string, TableModel>): TablePair[] {
  const ids = new Set([...before.keys(), ...after.keys()]);
  const name = (pair: TablePair) => pair.after?.name ?? pair.before?.name ?? '';
  return [...ids]
    .map((id) => ({ id, before: before.get(id), after: after.get(id) }))
    .sort((a, b) => compareText(name(a), name(b)) || compareText(a.id, b.id));
}

/**
 * Both inputs are assumed valid (see validateSchemaChange); a change validation would refuse
 * raises SchemaPlanError instead of producing DDL.
 */
export function planSchemaChange(
  before: readonly CollectionDefinition[],
  after: readonly CollectionDefinition[],
): SchemaAction[] {
  const context = createPlanContext(buildSchemaModel(before), buildSchemaModel(after));
  planTableRenames(context);
  for (const pair of pairs(context.before.tables, context.after.tables)) {
    if (pair.before !== undefined && pair.after !== undefined) planKeptTable(context, pair.before, pair.after);
    else if (pair.before !== undefined) planDroppedTable(context, pair.before);
    else if (pair.after !== undefined) planCreatedTable(context, pair.after);
  }
  planJunctions(context);
  planObjectRenames(context);
  return context.out.actions();
}
