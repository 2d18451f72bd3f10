// Checks a webhook condition as it is typed. A condition is the records filter language, so
// listing one id of each collection the webhook listens to, with the condition as `filter`,
// answers whether it compiles there (a 400 naming the position when not). The server checks
// again when the webhook is saved.
import { useQueries } from '@tanstack/react-query';
import { ApiError } from '../../api';
import { listRecords } from '../records/records-query';
import { webhookKeys } from './keys';

/** Enough to catch a mistake; a webhook on every collection is checked fully when saved. */
export const MAX_CHECKED_COLLECTIONS = 8;

export interface ConditionCheck {
  /** The first collection where the condition does not compile, with the refusal. */
  failure: { collection: string; error: ApiError } | undefined;
  checking: boolean;
}

async function check(collection: string, condition: string): Promise<ApiError | null> {
  try {
    await listRecords(collection, { filter: condition, limit: 1, fields: 'id', count: 'none' });
    return null;
  } catch (error) {
    // Only a refusal of the expression is an answer; anything else is a failed check.
    if (error instanceof ApiError && error.status === 400) return error;
    throw error;
  }
}

export function useConditionCheck(collections: readonly string[], condition: string): ConditionCheck {
  const trimmed = condition.trim();
  const checked = trimmed === '' ? [] : collections.slice(0, MAX_CHECKED_COLLECTIONS);
  const results = useQueries({
    queries: checked.map((collection) => ({
      queryKey: webhookKeys.conditionCheck(collection, trimmed),
      queryFn: () => check(collection, trimmed),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const index = results.findIndex((result) => result.data instanceof ApiError);
  const error = index === -1 ? undefined : results[index]?.data;
  const collection = index === -1 ? undefined : checked[index];
  return {
    failure: error && collection !== undefined ? { collection, error } : undefined,
    checking: results.some((result) => result.isFetching),
  };
}
