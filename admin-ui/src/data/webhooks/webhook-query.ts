// One webhook, with its secret.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { webhookKeys } from './keys';

export function useWebhookQuery(id: string) {
  return useQuery({
    queryKey: webhookKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/webhooks/{id}', { params: { path: { id } } })),
  });
}
