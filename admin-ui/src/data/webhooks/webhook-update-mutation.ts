// Changes a webhook: its target, filters, or whether it is enabled (enabling clears why it was
// turned off).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { webhookKeys } from './keys';

export type UpdateWebhookInput = components['schemas']['UpdateWebhookDto'];

export function useUpdateWebhookMutation({ inlineErrors = false } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors },
    mutationFn: ({ id, changes }: { id: string; changes: UpdateWebhookInput }) =>
      unwrap(api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id } }, body: changes })),
    onSuccess: (webhook) => {
      queryClient.setQueryData(webhookKeys.detail(webhook.id), webhook);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}
