// What deleting records does to the rows that refer to them, from the relations' metadata: each
// many-to-one field pointing here cascades, sets null or refuses (its onDelete); a many-to-many
// link is dropped. Pure: the filters that count the referencing rows, and the sentences.
import type { CollectionDefinition, OnDeleteAction } from '../../api';

export type ReferenceEffect = OnDeleteAction | 'unlink';

/** A field of some collection that refers to records of the collection being deleted from. */
export interface ReferencingRelation {
  collection: string;
  field: string;
  effect: ReferenceEffect;
}

export interface DeleteEffect extends ReferencingRelation {
  /** How many records refer to the deleted ones through this field. */
  count: number;
}

/** The filter and sort parameters are capped at 4,096 characters; stay well below. */
const MAX_FILTER_LENGTH = 3_500;

export function referencingRelations(
  collections: readonly CollectionDefinition[],
  target: string,
): ReferencingRelation[] {
  const relations: ReferencingRelation[] = [];
  for (const collection of collections) {
    for (const field of collection.fields) {
      if (field.type !== 'relation' || field.options.target !== target) continue;
      if (field.options.kind === 'many_to_one') {
        relations.push({
          collection: collection.name,
          field: field.name,
          effect: field.options.onDelete ?? 'restrict',
        });
      } else if (field.options.kind === 'many_to_many') {
        relations.push({ collection: collection.name, field: field.name, effect: 'unlink' });
      }
    }
  }
  return relations;
}

/**
 * Filters matching the records that refer to any of `ids` through the relation, split so each
 * stays under the parameter's length cap (a page of selected records would not fit in one).
 */
export function referencingFilters(relation: ReferencingRelation, ids: readonly string[]): string[] {
  const quoted = ids.map((id) => JSON.stringify(id));
  if (relation.effect !== 'unlink') {
    return chunks(quoted, (part) => `${relation.field} in [${part.join(', ')}]`);
  }
  // A many-to-many value is a list: "contains" per id.
  return chunks(quoted, (part) => part.map((id) => `${relation.field} ?= ${id}`).join(' || '));
}

function chunks(items: readonly string[], render: (part: string[]) => string): string[] {
  const filters: string[] = [];
  let part: string[] = [];
  for (const item of items) {
    if (part.length > 0 && render([...part, item]).length > MAX_FILTER_LENGTH) {
      filters.push(render(part));
      part = [];
    }
    part.push(item);
  }
  if (part.length > 0) filters.push(render(part));
  return filters;
}

const records = (count: number) => `${count} record${count === 1 ? '' : 's'}`;

/** One sentence per effect, e.g. "1 record in posts will have author set to null". */
export function effectSentence(effect: DeleteEffect, deleting: number): string {
  const subject = deleting === 1 ? 'it' : 'them';
  const where = `${records(effect.count)} in ${effect.collection}`;
  switch (effect.effect) {
    case 'cascade':
      return `${where} will be deleted too (their ${effect.field} refers to ${subject})`;
    case 'set_null':
      return `${where} will have ${effect.field} set to null`;
    case 'restrict':
      return `Refused: ${where} refer to ${subject} through ${effect.field}`;
    case 'unlink':
      return `${where} will no longer list ${subject} in ${effect.field}`;
  }
}

/** The effects that happen (some record refers); refusals first, as they stop the delete. */
export function effectsThatApply(effects: readonly DeleteEffect[]): DeleteEffect[] {
  return effects
    .filter((effect) => effect.count > 0)
    .sort((a, b) => Number(b.effect === 'restrict') - Number(a.effect === 'restrict'));
}

export function isRefused(effects: readonly DeleteEffect[]): boolean {
  return effects.some((effect) => effect.effect === 'restrict' && effect.count > 0);
}
