// Counts, per relation that refers to a collection, the records that refer to the ones about to
// be deleted (one cheap `count=exact, limit=1` list per relation and filter chunk), so the
// delete confirmation can say what happens to them.
import { useQuery } from '@tanstack/react-query';
import type { CollectionDefinition } from '../../api';
import {
  referencingFilters,
  referencingRelations,
  type DeleteEffect,
  type ReferencingRelation,
} from '../../features/records/delete-effects';
import { recordKeys } from './keys';
import { listRecords } from './records-query';

async function countReferences(relation: ReferencingRelation, ids: readonly string[]): Promise<number> {
  const totals = await Promise.all(
    referencingFilters(relation, ids).map(async (filter) => {
      const page = await listRecords(relation.collection, { filter, limit: 1, count: 'exact', fields: 'id' });
      return page.meta.total ?? 0;
    }),
  );
  return totals.reduce((sum, total) => sum + total, 0);
}

export async function countDeleteEffects(
  collections: readonly CollectionDefinition[],
  target: string,
  ids: readonly string[],
): Promise<DeleteEffect[]> {
  return Promise.all(
    referencingRelations(collections, target).map(async (relation) => ({
      ...relation,
      count: await countReferences(relation, ids),
    })),
  );
}

/** Counted afresh each time a confirmation opens: other collections change without telling this one. */
export function useDeleteEffectsQuery(
  collections: readonly CollectionDefinition[],
  target: string,
  ids: readonly string[],
) {
  return useQuery({
    queryKey: [...recordKeys.collection(target), 'delete-effects', [...ids].sort()] as const,
    queryFn: () => countDeleteEffects(collections, target, ids),
    enabled: ids.length > 0,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}
