// Records of a relation's target collection matching what the user typed, for the picker.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { RecordData } from '../../api';
import { listRecords } from './records-query';
import { recordKeys } from './keys';

export const SEARCH_LIMIT = 20;

/** `title ~ "lamp"`; a bare id is matched exactly. No term: the newest records. */
export function searchFilter(term: string, displayField: string | null): string | undefined {
  const trimmed = term.trim();
  if (trimmed === '') return undefined;
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(trimmed)) {
    return `id = ${JSON.stringify(trimmed)}`;
  }
  return displayField === null ? undefined : `${displayField} ~ ${JSON.stringify(trimmed)}`;
}

export function useRelationSearchQuery(target: string, term: string, displayField: string | null) {
  return useQuery({
    queryKey: [...recordKeys.search(target, term), displayField],
    queryFn: async (): Promise<RecordData[]> => {
      const filter = searchFilter(term, displayField);
      const page = await listRecords(target, {
        limit: SEARCH_LIMIT,
        sort: displayField ?? '-created_at',
        ...(filter === undefined ? {} : { filter }),
      });
      return page.data;
    },
    placeholderData: keepPreviousData,
  });
}
