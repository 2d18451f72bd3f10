// Revokes an API key; it stops working at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { apiKeyKeys } from './keys';

export function useRevokeApiKeyMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeyKeys.all }),
  });
}
