// Deletes one record (conditionally, when its version is given).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { etagOf, recordsApi, unwrap } from '../../api';
import { recordKeys } from './keys';

export function useDeleteRecordMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, version }: { id: string; version?: number }) =>
      unwrap(
        recordsApi.DELETE('/api/v1/collections/{collection}/records/{id}', {
          params: {
            path: { collection, id },
            header: version === undefined ? {} : { 'If-Match': etagOf({ version }) },
          },
        }),
      ),
    // Cascades and set-nulls change other collections' records too.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.all }),
  });
}
