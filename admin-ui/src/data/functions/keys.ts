// Query keys of functions: invalidating `detail(name)` refreshes the function, its versions and
// every page of its invocation log.
import type { components } from '../../api/schema';

export type InvocationOutcome = components['schemas']['InvocationDto']['outcome'];
export type InvocationTrigger = components['schemas']['InvocationDto']['trigger'];

export interface InvocationsParams {
  outcome?: InvocationOutcome;
  trigger?: InvocationTrigger;
  /** true: only event runs that will not be retried again. */
  deadLettered?: boolean;
  limit: number;
  offset: number;
}

export const functionKeys = {
  all: ['functions'] as const,
  list: () => [...functionKeys.all, 'list'] as const,
  detail: (name: string) => [...functionKeys.all, 'detail', name] as const,
  versions: (name: string) => [...functionKeys.detail(name), 'versions'] as const,
  allInvocations: (name: string) => [...functionKeys.detail(name), 'invocations'] as const,
  invocations: (name: string, params: InvocationsParams) => [...functionKeys.allInvocations(name), params] as const,
};
