// Runs the deployed version now, as the signed-in admin, with a chosen request (ctx.request) or
// event (ctx.event), and answers the invocation as logged with what the function returned. The
// run is logged, so the log refreshes; the Test panel shows a failure itself.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type TestRequest = NonNullable<components['schemas']['TestInvocationDto']['request']>;
export type TestEvent = NonNullable<components['schemas']['TestInvocationDto']['event']>;
/** One of the two: what a trigger would hand the function. */
export type TestInput = { request: TestRequest } | { event: TestEvent };
/** `result` is whatever the function returned: any JSON value. */
export type TestResult = Omit<components['schemas']['TestResultDto'], 'result'> & { result: unknown };

export function useTestFunctionMutation(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (input: TestInput): Promise<TestResult> =>
      unwrap(api.POST('/api/v1/functions/{name}/test', { params: { path: { name } }, body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: functionKeys.allInvocations(name) }),
  });
}
