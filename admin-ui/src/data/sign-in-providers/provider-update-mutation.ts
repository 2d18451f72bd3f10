// Changes a provider (a new client secret replaces the stored one), or switches it on or off.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { authKeys } from '../auth/keys';
import { providerKeys } from './keys';

export type UpdateProviderInput = components['schemas']['UpdateProviderDto'];

export function useUpdateProviderMutation({ inlineErrors = false } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors },
    mutationFn: ({ name, changes }: { name: string; changes: UpdateProviderInput }) =>
      unwrap(api.PATCH('/api/v1/auth/providers/{name}', { params: { path: { name } }, body: changes })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: providerKeys.list() });
      void queryClient.invalidateQueries({ queryKey: authKeys.methods() });
    },
  });
}
