// The first records of a one-to-many relation (the records whose `via` field points at this one)
// and how many there are in all: one list request with an exact count.
import { useQuery } from '@tanstack/react-query';
import { recordKeys } from './keys';
import { listRecords } from './records-query';

export const RELATED_SHOWN = 10;

/** The filter selecting the records of a one-to-many relation; also what "show them" links to. */
export function relatedFilter(via: string, id: string): string {
  return `${via} = ${JSON.stringify(id)}`;
}

export function useRelatedRecordsQuery(target: string, via: string, id: string, displayField: string | null) {
  return useQuery({
    queryKey: [...recordKeys.collection(target), 'related', via, id] as const,
    queryFn: () =>
      listRecords(target, {
        filter: relatedFilter(via, id),
        sort: '-created_at',
        limit: RELATED_SHOWN,
        count: 'exact',
        fields: displayField ? `id,${displayField}` : 'id',
      }),
    retry: false,
  });
}
