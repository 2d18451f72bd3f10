// Creates an API key; the answer is the only time the key itself is shown.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { apiKeyKeys } from './keys';

export type CreateApiKeyInput = components['schemas']['CreateApiKeyDto'];

export function useCreateApiKeyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: CreateApiKeyInput) => unwrap(api.POST('/api/v1/api-keys', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
