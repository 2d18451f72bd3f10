// Plans the junction tables of many_to_many fields. They are named after the field id, so
// renaming the field or either collection never touches them.
import { compareText } from './compare-text.js';
import { objectNames } from '../sql/object-names.js';
import type { JunctionModel } from './physical-model.js';
import { fieldRef, type PlanContext } from './plan-context.js';

function sorted(junctions: Map<string, JunctionModel>): JunctionModel[] {
  return [...junctions.values()].sort((a, b) => compareText(a.name, b.name));
}

function emitCreate(context: PlanContext, junction: JunctionModel): void {
  const base = { destructive: false, collectionId: junction.collectionId, fieldId: junction.field.id };
  const subject = fieldRef(junction.field.name, junction.sourceTable);
  const { id } = junction.field;
  context.out.add('create_junction_table', {
    ...base,
    type: 'create_junction_table',
    description: `create the link table of ${subject} (many-to-many with "${junction.targetTable}")`,
    table: junction.name,
    sourceTable: junction.sourceTable,
    targetTable: junction.targetTable,
    primaryKey: objectNames.junctionPrimaryKey(id),
    sourceForeignKey: objectNames.junctionForeignKey(id, 'source_id'),
    targetForeignKey: objectNames.junctionForeignKey(id, 'target_id'),
  });
  // The primary key (source_id, target_id) serves lookups by source; this serves the reverse.
  context.out.add('create_index', {
    ...base,
    type: 'create_index',
    description: `index the reverse links of ${subject}`,
    table: junction.name,
    name: objectNames.junctionTargetIndex(id),
    column: 'target_id',
    method: 'btree',
  });
}

function emitDrop(
  context: PlanContext,
  junction: JunctionModel,
  slot: 'early_drop_junction' | 'drop_junction_table' | 'drop_changed_junction',
): void {
  context.out.add(slot, {
    type: 'drop_junction_table',
    description: `drop the link table of ${fieldRef(junction.field.name, junction.sourceTable)} and its links`,
    destructive: true,
    collectionId: junction.collectionId,
    fieldId: junction.field.id,
    table: junction.name,
  });
}

export function planJunctions(context: PlanContext): void {
  const { before, after } = context;
  for (const old of sorted(before.junctions)) {
    const current = after.junctions.get(old.field.id.toLowerCase());
    if (current === undefined) {
      const early = context.earlyDroppedTables.has(old.sourceKey) || context.earlyDroppedTables.has(old.targetKey);
      emitDrop(context, old, early ? 'early_drop_junction' : 'drop_junction_table');
    } else if (current.signature !== old.signature) {
      emitDrop(context, old, 'drop_changed_junction');
    }
  }
  for (const junction of sorted(after.junctions)) {
    const old = before.junctions.get(junction.field.id.toLowerCase());
    if (old === undefined || old.signature !== junction.signature) emitCreate(context, junction);
  }
}
