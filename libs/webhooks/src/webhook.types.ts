// The shapes of webhooks and their deliveries as the API shows them (snake_case, ISO dates).

import type { RecordAction } from '@stagecraft/events';

export const WEBHOOK_ACTIONS: readonly RecordAction[] = ['create', 'update', 'delete'];

export const DELIVERY_STATES = ['pending', 'retrying', 'succeeded', 'dead', 'refused'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const TEST_EVENT_TYPE = 'webhook.test';

export interface WebhookView {
  id: string;
  name: string;
  url: string;
  /** Collection names; empty: every collection. */
  collections: string[];
  actions: RecordAction[];
  condition: string | null;
  secret: string;
  enabled: boolean;
  disabled_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptView {
  attempt: number;
  started_at: string;
  /** Null while the try is in flight, or when its outcome was never recorded. */
  duration_ms: number | null;
  response_status: number | null;
  response_excerpt: string | null;
  error: string | null;
}

export interface DeliveryView {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  state: DeliveryState;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  payload: WebhookPayload;
  attempt_log: AttemptView[];
}

/** What a receiver gets as the body (Standard Webhooks: id, type, timestamp, data). */
export interface WebhookPayload {
  readonly id: string;
  readonly type: string;
  readonly timestamp: string;
  readonly data: unknown;
}
