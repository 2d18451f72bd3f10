// What the provider asserted in a test sign-in, read once with the code the flow ended with.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';

export type TestSignInResult = components['schemas']['TestSignInResultDto'];

export function useProviderTestResultMutation() {
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ provider, code }: { provider: string; code: string }) =>
      unwrap(
        api.POST('/api/v1/auth/providers/{name}/test/result', { params: { path: { name: provider } }, body: { code } }),
      ),
  });
}
