// Changes a collection's label, description, access rules or response caching (a rename is a
// schema change too).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrapAs, type ChangeResponse, type CollectionDefinition, type CollectionRules } from '../../api';
import { collectionKeys } from './keys';

export interface UpdateCollectionInput {
  name?: string;
  label?: string;
  description?: string;
  rules?: Partial<CollectionRules>;
  /** Response caching: `{ ttl }` in seconds (1..86400) turns it on, null turns it off. */
  cache?: { ttl: number } | null;
}

export function updateCollection(collection: string, input: UpdateCollectionInput, dryRun = false) {
  return unwrapAs<ChangeResponse<CollectionDefinition>>(
    api.PATCH('/api/v1/collections/{collection}', {
      params: { path: { collection }, query: dryRun ? { dry_run: 'true' } : {} },
      body: input as never,
    }),
  );
}

export function useUpdateCollectionMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ input, dryRun = false }: { input: UpdateCollectionInput; dryRun?: boolean }) =>
      updateCollection(collection, input, dryRun),
    onSuccess: async (result) => {
      if (result.meta.dry_run) return;
      // The answer is the new definition; a re-read at once could race the API's schema cache.
      queryClient.setQueryData(collectionKeys.detail(collection), result.data);
      if (result.data.name !== collection)
        queryClient.setQueryData(collectionKeys.detail(result.data.name), result.data);
      queryClient.setQueryData<CollectionDefinition[]>(collectionKeys.list(), (list) =>
        list?.map((item) => (item.name === collection ? result.data : item)),
      );
      await queryClient.invalidateQueries({ queryKey: collectionKeys.all, refetchType: 'none' });
    },
  });
}
