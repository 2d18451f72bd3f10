// A page of a function's invocation log, newest first, filtered by outcome, trigger and whether
// an event run was dead-lettered. Polled, so runs from its triggers appear while the log is open.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys, type InvocationsParams } from './keys';

export type Invocation = components['schemas']['InvocationDto'];
export type InvocationLogLine = Invocation['logs'][number];

export const INVOCATIONS_POLL_MS = 5_000;

export function useInvocationsQuery(name: string, params: InvocationsParams) {
  return useQuery({
    queryKey: functionKeys.invocations(name, params),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/functions/{name}/invocations', {
          params: {
            path: { name },
            query: {
              limit: params.limit,
              offset: params.offset,
              ...(params.outcome ? { outcome: params.outcome } : {}),
              ...(params.trigger ? { trigger: params.trigger } : {}),
              ...(params.deadLettered === undefined
                ? {}
                : { dead_lettered: params.deadLettered ? ('true' as const) : ('false' as const) }),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: INVOCATIONS_POLL_MS,
  });
}
