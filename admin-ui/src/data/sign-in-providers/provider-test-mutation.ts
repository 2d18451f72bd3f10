// Starts an admin's test sign-in with a provider: the answer is where to send a browser window.
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

export function useTestProviderMutation() {
  return useMutation({
    mutationFn: (name: string) =>
      unwrap(api.POST('/api/v1/auth/providers/{name}/test', { params: { path: { name } }, body: {} })),
  });
}
