// The collections an expression on `collection` can reach: the loaded list, or the collection
// alone until it arrives (relation paths then complete once it does).
import { useMemo } from 'react';
import type { CollectionDefinition } from '../../api';
import { useCollectionsQuery } from '../../data/collections/collections-query';
import type { ExpressionScope } from './expression-fields';

export function useExpressionScope(collection: CollectionDefinition): ExpressionScope {
  const collections = useCollectionsQuery();
  return useMemo(
    () => ({ collection: collection.name, collections: collections.data ?? [collection] }),
    [collection, collections.data],
  );
}
