// A page of records: filter, sort, limit and offset go to the server; the previous page stays
// on screen while the next one loads.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { recordsApi, unwrap, type ListQuery, type RecordList } from '../../api';
import { recordKeys } from './keys';

export function listRecords(collection: string, query: ListQuery): Promise<RecordList> {
  return unwrap(
    recordsApi.GET('/api/v1/collections/{collection}/records', { params: { path: { collection }, query } }),
  );
}

export function useRecordsQuery(collection: string, query: ListQuery) {
  return useQuery({
    queryKey: recordKeys.list(collection, query),
    queryFn: () => listRecords(collection, query),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
