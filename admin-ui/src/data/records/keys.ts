// Query keys of records, per collection: invalidating `collection(c)` refreshes its lists,
// counts, single records and relation searches at once.
import type { ListQuery } from '../../api';

export const recordKeys = {
  all: ['records'] as const,
  collection: (collection: string) => [...recordKeys.all, collection] as const,
  list: (collection: string, query: ListQuery) => [...recordKeys.collection(collection), 'list', query] as const,
  count: (collection: string) => [...recordKeys.collection(collection), 'count'] as const,
  detail: (collection: string, id: string) => [...recordKeys.collection(collection), 'detail', id] as const,
  search: (collection: string, term: string) => [...recordKeys.collection(collection), 'search', term] as const,
};
