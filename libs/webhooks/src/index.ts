// Webhooks: admin use cases, signed deliveries through an SSRF-guarded HTTP client with
// retries and a delivery log, and the worker's dispatcher and delivery processors.
export { WebhooksModule } from './webhooks.module.js';
export { WebhookReferencesModule } from './webhook-references.module.js';
export { WebhooksWorkerModule } from './worker/webhooks-worker.module.js';
export { WebhooksService, URL_MAX_LENGTH, type WebhookInput, type WebhookChanges } from './webhooks.service.js';
export { DeliveriesService, type DeliveryList, type DeliveryListQuery } from './deliveries.service.js';
export {
  DELIVERY_STATES,
  TEST_EVENT_TYPE,
  WEBHOOK_ACTIONS,
  type AttemptView,
  type DeliveryState,
  type DeliveryView,
  type WebhookPayload,
  type WebhookView,
} from './webhook.types.js';
export { DELIVER_WEBHOOK_JOB, type DeliverWebhookJob } from './delivery-queue.js';
export { generateSecret, sign, signedHeaders, SECRET_PREFIX, USER_AGENT } from './signing.js';
export { webhookRetryDelay } from './backoff.js';
export { conditionProblems, eventMeetsCondition } from './webhook-condition.js';
export {
  SafeHttpClient,
  systemResolver,
  type FullResponse,
  type SentOutcome,
  type HttpOutcome,
  type Resolver,
  type ResolvedAddress,
  type SafeHttpOptions,
} from './safe-http/safe-http-client.js';
export { AddressPolicy } from './safe-http/address-policy.js';
