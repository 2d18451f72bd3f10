// Deletes a collection, its table and every record.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrapAs, type ChangeResponse } from '../../api';
import { recordKeys } from '../records/keys';
import { collectionKeys } from './keys';

export function deleteCollection(collection: string, dryRun = false) {
  return unwrapAs<ChangeResponse<null>>(
    api.DELETE('/api/v1/collections/{collection}', {
      params: { path: { collection }, query: dryRun ? { dry_run: 'true' } : {} },
    }),
  );
}

export function useDeleteCollectionMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (collection: string) => deleteCollection(collection),
    onSuccess: (_result, collection) => {
      queryClient.removeQueries({ queryKey: recordKeys.collection(collection) });
      void queryClient.invalidateQueries({ queryKey: collectionKeys.all });
    },
  });
}
