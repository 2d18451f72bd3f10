// Runs the deployed version now with a chosen request, as the signed-in admin, and answers the
// invocation as logged with what the function returned. The run is logged, so the log refreshes;
// the Test panel shows a failure itself.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { functionKeys } from './keys';

export type TestRequest = NonNullable<components['schemas']['TestInvocationDto']['request']>;
/** `result` is whatever the function returned: any JSON value. */
export type TestResult = Omit<components['schemas']['TestResultDto'], 'result'> & { result: unknown };

export function useTestFunctionMutation(name: string) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: async (request: TestRequest): Promise<TestResult> =>
      unwrap(api.POST('/api/v1/functions/{name}/test', { params: { path: { name } }, body: { request } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: functionKeys.allInvocations(name) }),
  });
}
