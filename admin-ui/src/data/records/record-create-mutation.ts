// Creates one record.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recordsApi, unwrap } from '../../api';
import { recordKeys } from './keys';

export function useCreateRecordMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (values: Record<string, unknown>) => {
      const body = await unwrap(
        recordsApi.POST('/api/v1/collections/{collection}/records', { params: { path: { collection } }, body: values }),
      );
      return body.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
