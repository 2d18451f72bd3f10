// What the maintenance job deletes, one statement per kind of expired data. Each statement
// takes its age limit in hours as $1.

import type { AppConfig } from '@stagecraft/config';

export interface PurgeContext {
  readonly config: AppConfig;
  /**
   * Sent events from this time on stay in the outbox whatever their age: an events job still
   * waiting to be dispatched (a worker away for longer than the retention) reads them there.
   * Null when no events job waits.
   */
  readonly eventsQueuedSince: Date | null;
}

export interface Purge {
  readonly name: string;
  readonly sql: string;
  readonly params: (context: PurgeContext) => unknown[];
}

const DAY = 24;

export const purges: readonly Purge[] = [
  {
    name: 'sent_events',
    sql: `DELETE FROM "stagecraft"."outbox"
          WHERE "sent_at" < least(now() - make_interval(hours => $1), coalesce($2::timestamptz, 'infinity'))`,
    params: ({ config, eventsQueuedSince }) => [config.outbox.retentionHours, eventsQueuedSince],
  },
  {
    // Deliveries still being retried are kept whatever their age.
    name: 'webhook_deliveries',
    sql: `DELETE FROM "stagecraft"."webhook_deliveries"
          WHERE "state" IN ('succeeded', 'dead', 'refused') AND "updated_at" < now() - make_interval(hours => $1)`,
    params: ({ config }) => [config.webhooks.logRetentionHours],
  },
  {
    name: 'function_invocations',
    sql: `DELETE FROM "stagecraft"."function_invocations" WHERE "created_at" < now() - make_interval(hours => $1)`,
    params: ({ config }) => [config.functions.logRetentionHours],
  },
  {
    // Expired or used email links; a used one is kept a day to answer "already used" clearly.
    name: 'email_tokens',
    sql: `DELETE FROM "stagecraft"."user_tokens"
          WHERE "expires_at" < now() - make_interval(hours => $1) OR "used_at" < now() - make_interval(hours => $1)`,
    params: () => [DAY],
  },
  {
    // Refresh tokens past their expiry can never be used again, rotated or not.
    name: 'refresh_tokens',
    sql: `DELETE FROM "stagecraft"."refresh_tokens" WHERE "expires_at" < now() - make_interval(hours => $1)`,
    params: () => [DAY],
  },
  {
    name: 'sessions',
    sql: `DELETE FROM "stagecraft"."sessions" WHERE "expires_at" < now() - make_interval(hours => $1)`,
    params: () => [DAY],
  },
  {
    // OAuth states, one-time codes, MFA tickets and WebAuthn challenges live minutes; an
    // expired one is refused anyway, so an hour of slack costs nothing.
    name: 'auth_challenges',
    sql: `DELETE FROM "stagecraft"."auth_challenges" WHERE "expires_at" < now() - make_interval(hours => $1)`,
    params: () => [1],
  },
  {
    // Heartbeats of workers that died without a clean shutdown.
    name: 'worker_heartbeats',
    sql: `DELETE FROM "stagecraft"."worker_heartbeats" WHERE "beat_at" < now() - make_interval(hours => $1)`,
    params: () => [DAY],
  },
];
