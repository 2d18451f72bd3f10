// A page of a webhook's delivery log, newest first. The log is live: polled quickly while a
// delivery is on its way, slowly otherwise, so new events and state changes appear unasked.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import type { components } from '../../api/schema';
import { webhookKeys, type DeliveriesParams } from './keys';

export type Delivery = components['schemas']['DeliveryDto'];
export type DeliveryAttempt = Delivery['attempt_log'][number];

const IN_FLIGHT = new Set(['pending', 'retrying']);
export const DELIVERIES_POLL_MS = { inFlight: 1_000, idle: 4_000 };

export function useDeliveriesQuery(id: string, params: DeliveriesParams) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id, params),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/webhooks/{id}/deliveries', {
          params: {
            path: { id },
            query: { limit: params.limit, offset: params.offset, ...(params.state ? { state: params.state } : {}) },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: (query) =>
      query.state.data?.data.some((delivery) => IN_FLIGHT.has(delivery.state))
        ? DELIVERIES_POLL_MS.inFlight
        : DELIVERIES_POLL_MS.idle,
  });
}
