// A page of records: filter, sort, limit and offset go to the server; the previous page stays
// on screen while the next one loads. A page bigger than the server's limit per request (500)
// is read in requests of that size, following the cursor of each, so the grid can hold
// thousands of rows.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { recordsApi, unwrap, type ListQuery, type RecordList } from '../../api';
import { recordKeys } from './keys';

/** The most records one list request returns (the API's MAX_LIMIT). */
export const SERVER_PAGE_LIMIT = 500;

export function listRecords(collection: string, query: ListQuery): Promise<RecordList> {
  return unwrap(
    recordsApi.GET('/api/v1/collections/{collection}/records', { params: { path: { collection }, query } }),
  );
}

/** `query.limit` records from `query.offset`, in as many requests as the server's limit needs. */
export async function listManyRecords(collection: string, query: ListQuery): Promise<RecordList> {
  const wanted = query.limit ?? SERVER_PAGE_LIMIT;
  const first = await listRecords(collection, { ...query, limit: Math.min(wanted, SERVER_PAGE_LIMIT) });
  const data = [...first.data];
  // The next requests follow the cursor: no offset, and the count is known already.
  const { filter, sort, fields, expand } = query;
  let cursor = first.meta.nextCursor;
  while (data.length < wanted && cursor !== null) {
    const next = await listRecords(collection, {
      filter,
      sort,
      fields,
      expand,
      cursor,
      limit: Math.min(wanted - data.length, SERVER_PAGE_LIMIT),
      count: 'none',
    });
    data.push(...next.data);
    cursor = next.meta.nextCursor;
  }
  return { data, meta: { ...first.meta, limit: wanted, nextCursor: cursor } };
}

export function useRecordsQuery(collection: string, query: ListQuery) {
  return useQuery({
    queryKey: recordKeys.list(collection, query),
    queryFn: () => listManyRecords(collection, query),
    placeholderData: keepPreviousData,
    retry: false,
  });
}
