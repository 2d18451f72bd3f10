// Query keys of webhooks and their delivery logs: invalidating `detail(id)` refreshes the
// webhook and every page of its deliveries.
import type { components } from '../../api/schema';

export type DeliveryState = components['schemas']['DeliveryDto']['state'];

export interface DeliveriesParams {
  state?: DeliveryState;
  limit: number;
  offset: number;
}

export const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  detail: (id: string) => [...webhookKeys.all, 'detail', id] as const,
  deliveries: (id: string, params: DeliveriesParams) => [...webhookKeys.detail(id), 'deliveries', params] as const,
  conditionCheck: (collection: string, condition: string) =>
    [...webhookKeys.all, 'condition-check', collection, condition] as const,
};
