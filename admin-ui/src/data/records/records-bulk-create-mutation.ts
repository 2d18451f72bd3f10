// Creates several records in one request and one transaction (a JSON array body): all of
// them, or none with the first problem named.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recordsApi, unwrapAs, type RecordData } from '../../api';
import { recordKeys } from './keys';

export function useBulkCreateRecordsMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (rows: Record<string, unknown>[]) => {
      const body = await unwrapAs<{ data: RecordData[] }>(
        recordsApi.POST('/api/v1/collections/{collection}/records', {
          params: { path: { collection } },
          // The route takes an array as well as one record; its hand-written type names one.
          body: rows as unknown as Record<string, unknown>,
        }),
      );
      return body.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
