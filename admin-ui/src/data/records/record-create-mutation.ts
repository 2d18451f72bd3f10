// Creates one record: as JSON, or as a multipart form when new files come with it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { recordsApi, unwrap, type RecordData } from '../../api';
import { recordKeys } from './keys';
import { hasFiles, sendMultipartRecord, type RecordWrite } from './record-write';

export function useCreateRecordMutation(collection: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (write: RecordWrite) => {
      if (hasFiles(write)) {
        const url = `/api/v1/collections/${encodeURIComponent(collection)}/records`;
        return (await sendMultipartRecord<{ data: RecordData }>('POST', url, write)).data;
      }
      const body = await unwrap(
        recordsApi.POST('/api/v1/collections/{collection}/records', {
          params: { path: { collection } },
          body: write.values,
        }),
      );
      return body.data;
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: recordKeys.collection(collection) }),
  });
}
