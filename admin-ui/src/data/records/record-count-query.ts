// How many records a collection holds. The planner's estimate costs nothing at any size but is
// a guess for small or never-analysed tables, so below ESTIMATE_TRUSTED the exact count is asked.
import { useQuery } from '@tanstack/react-query';
import { listRecords } from './records-query';
import { recordKeys } from './keys';

export const ESTIMATE_TRUSTED = 10_000;

export interface RecordCount {
  total: number;
  exact: boolean;
}

export async function countRecords(collection: string): Promise<RecordCount> {
  const estimated = await listRecords(collection, { limit: 1, count: 'estimated', fields: 'id' });
  const estimate = estimated.meta.total ?? 0;
  if (estimate >= ESTIMATE_TRUSTED) return { total: estimate, exact: false };
  const exact = await listRecords(collection, { limit: 1, count: 'exact', fields: 'id' });
  return { total: exact.meta.total ?? 0, exact: true };
}

export function useRecordCountQuery(collection: string) {
  return useQuery({
    queryKey: recordKeys.count(collection),
    queryFn: () => countRecords(collection),
    staleTime: 30_000,
  });
}
