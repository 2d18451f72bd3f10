// Sets the same values on every record a filter matches, in one request and one transaction
// (`PATCH /collections/{c}/records?filter=`); the answer counts the records changed.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recordsApi, unwrap } from '../../api';
import { recordKeys } from './keys';

export interface BulkUpdateInput {
  filter: string;
  values: Record<string, unknown>;
}

export function useBulkUpdateRecordsMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ filter, values }: BulkUpdateInput) => {
      const body = await unwrap(
        recordsApi.PATCH('/api/v1/collections/{collection}/records', {
          params: { path: { collection }, query: { filter } },
          body: values,
        }),
      );
      return body.meta.updated;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
