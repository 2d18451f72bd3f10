// A page of a function's invocation log, newest first. Polled, so calls through its HTTP trigger
// appear while the log is open.
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
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: INVOCATIONS_POLL_MS,
  });
}
