// Changes a record. With `version`, the update is conditional (If-Match): a record changed by
// someone else meanwhile answers 412 instead of being overwritten.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { etagOf, recordsApi, unwrap } from '../../api';
import { recordKeys } from './keys';

export interface UpdateRecordInput {
  id: string;
  values: Record<string, unknown>;
  /** The version the form was filled from; absent: overwrite whatever is there. */
  version?: number;
}

export function useUpdateRecordMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ id, values, version }: UpdateRecordInput) => {
      const body = await unwrap(
        recordsApi.PATCH('/api/v1/collections/{collection}/records/{id}', {
          params: {
            path: { collection, id },
            header: version === undefined ? {} : { 'If-Match': etagOf({ version }) },
          },
          body: values,
        }),
      );
      return body.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
