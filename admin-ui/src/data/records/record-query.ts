// One record, fresh from the server (its version is the ETag the edit form sends back).
import { useQuery } from '@tanstack/react-query';
import { recordsApi, unwrap, type RecordData } from '../../api';
import { recordKeys } from './keys';

export async function getRecord(collection: string, id: string, expand = ''): Promise<RecordData> {
  const body = await unwrap(
    recordsApi.GET('/api/v1/collections/{collection}/records/{id}', {
      params: { path: { collection, id }, query: expand ? { expand } : {} },
    }),
  );
  return body.data;
}

/** `expand` names relation fields whose records come along (for their labels in the form). */
export function useRecordQuery(collection: string, id: string | undefined, expand = '') {
  return useQuery({
    queryKey: [...recordKeys.detail(collection, id ?? ''), expand],
    queryFn: () => getRecord(collection, id ?? '', expand),
    enabled: id !== undefined,
    staleTime: 0,
  });
}
