// Deletes the selected records in one request and one transaction: `filter=id in [...]`.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recordsApi, unwrap } from '../../api';
import { recordKeys } from './keys';

/** `id in ["a", "b"]`: ids are UUIDs, but quote them properly anyway. */
export function idsFilter(ids: readonly string[]): string {
  return `id in [${ids.map((id) => JSON.stringify(id)).join(', ')}]`;
}

export function useBulkDeleteRecordsMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (ids: string[]) => {
      const body = await unwrap(
        recordsApi.DELETE('/api/v1/collections/{collection}/records', {
          params: { path: { collection }, query: { filter: idsFilter(ids) } },
        }),
      );
      return body.meta.deleted;
    },
    // Cascades and set-nulls change other collections' records too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.all }),
  });
}
