// Changes a record. With `version`, the update is conditional (If-Match): a record changed by
// someone else meanwhile answers 412 instead of being overwritten. New files make it multipart.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { etagOf, recordsApi, unwrap, type RecordData } from '../../api';
import { recordKeys } from './keys';
import { hasFiles, sendMultipartRecord, type RecordWrite } from './record-write';

export interface UpdateRecordInput extends RecordWrite {
  id: string;
  /** The version the form was filled from; absent: overwrite whatever is there. */
  version?: number;
}

export function useUpdateRecordMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async ({ id, version, ...write }: UpdateRecordInput) => {
      const ifMatch = version === undefined ? undefined : etagOf({ version });
      if (hasFiles(write)) {
        const url = `/api/v1/collections/${encodeURIComponent(collection)}/records/${encodeURIComponent(id)}`;
        return (await sendMultipartRecord<{ data: RecordData }>('PATCH', url, write, ifMatch)).data;
      }
      const body = await unwrap(
        recordsApi.PATCH('/api/v1/collections/{collection}/records/{id}', {
          params: {
            path: { collection, id },
            header: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
          },
          body: write.values,
        }),
      );
      return body.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
