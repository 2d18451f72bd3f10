// Creates a webhook; without a secret the server generates one.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { webhookKeys } from './keys';

export type CreateWebhookInput = components['schemas']['CreateWebhookDto'];

export function useCreateWebhookMutation() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (input: CreateWebhookInput) => unwrap(api.POST('/api/v1/webhooks', { body: input })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookKeys.list() }),
  });
}
