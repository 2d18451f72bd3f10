// Adds a sign-in provider from a preset; the sign-in page's buttons change with it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { authKeys } from '../auth/keys';
import { providerKeys } from './keys';

export type CreateProviderInput = components['schemas']['CreateProviderDto'];

export function useCreateProviderMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: CreateProviderInput) => unwrap(api.POST('/api/v1/auth/providers', { body: input })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: providerKeys.list() });
      void queryClient.invalidateQueries({ queryKey: authKeys.methods() });
    },
  });
}
