// Every webhook.
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { webhookKeys } from './keys';

export type Webhook = components['schemas']['WebhookDto'];

export function useWebhooksQuery() {
  return useQuery({
    queryKey: webhookKeys.list(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/webhooks'))).data,
  });
}
