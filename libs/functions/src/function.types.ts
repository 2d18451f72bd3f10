// What a function is, as stored and as the API shows it.

import type { FunctionLanguage } from './compile-source.js';

/** The HTTP trigger: who may call `/functions/{name}/invoke` (null: admins only; "": anyone). */
export interface HttpTrigger {
  readonly rule: string | null;
}

export const RECORD_ACTIONS = ['create', 'update', 'delete'] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

/** After a committed change to a collection's records: run by the worker, retried, dead-lettered. */
export interface EventTrigger {
  readonly collection: string;
  readonly on: readonly RecordAction[];
  /** A filter the record (the previous one, for a delete) must meet; null: every change. */
  readonly condition: string | null;
}

/** Before a write to a collection: run on the API inside the write's transaction. */
export interface BeforeWriteTrigger {
  readonly collection: string;
  readonly on: readonly RecordAction[];
}

/** A cron schedule, run once per tick across every worker. */
export interface ScheduleTrigger {
  /** Five fields (minute to weekday), or six with seconds first. */
  readonly cron: string;
  /** An IANA time zone the pattern is read in; null: UTC. */
  readonly timezone: string | null;
}

export interface FunctionTriggers {
  /** Absent: the function has no HTTP route. */
  readonly http?: HttpTrigger;
  readonly events?: readonly EventTrigger[];
  readonly before_write?: readonly BeforeWriteTrigger[];
  readonly schedule?: ScheduleTrigger;
}

export interface FunctionSettings {
  /** Wall time per invocation, `ctx` calls included. */
  readonly timeout_ms: number;
  /** The isolate's heap limit. */
  readonly memory_mb: number;
  /** Names of the secrets `ctx.secrets.get` may read. */
  readonly secrets: readonly string[];
  /** `ctx.records` with admin rights instead of the caller's. */
  readonly run_as_admin: boolean;
  /** Hosts `ctx.fetch` may reach (exact names, or `*.example.com` for subdomains); empty: none. */
  readonly allowed_hosts: readonly string[];
}

export const DEFAULT_SETTINGS: FunctionSettings = {
  timeout_ms: 5000,
  memory_mb: 64,
  secrets: [],
  run_as_admin: false,
  allowed_hosts: [],
};

export interface FunctionVersionView {
  readonly number: number;
  readonly language: FunctionLanguage;
  readonly source: string;
  /** The version this deploy brought back, when it was a restore. */
  readonly restored_from: number | null;
  readonly created_at: string;
}

export interface FunctionView {
  readonly id: string;
  readonly name: string;
  readonly description: string | null;
  readonly triggers: FunctionTriggers;
  readonly settings: FunctionSettings;
  /** The deployed version: its number, language and source. */
  readonly version: FunctionVersionView;
  readonly created_at: string;
  readonly updated_at: string;
}

export const TRIGGER_KINDS = ['http', 'test', 'event', 'before_write', 'schedule'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const INVOCATION_OUTCOMES = ['ok', 'rejected', 'error', 'timeout', 'memory', 'crashed', 'refused'] as const;
export type StoredOutcome = (typeof INVOCATION_OUTCOMES)[number];

export interface InvocationView {
  readonly id: string;
  readonly version: number;
  readonly trigger: TriggerKind;
  readonly outcome: StoredOutcome;
  /** The HTTP status answered, for HTTP invocations. */
  readonly status: number | null;
  readonly duration_ms: number;
  readonly cpu_ms: number;
  readonly memory_bytes: number;
  readonly cold: boolean;
  readonly error: { readonly name: string; readonly message: string; readonly stack?: string } | null;
  readonly logs: readonly { readonly level: string; readonly message: string; readonly at: number }[];
  readonly logs_dropped: number;
  readonly caller_id: string | null;
  readonly request_id: string | null;
  /** Event runs: the record event's id (the run's idempotency key) and which try this was. */
  readonly event_id: string | null;
  readonly attempt: number | null;
  /** An event run that failed its last try: it is not retried again. */
  readonly dead_lettered: boolean;
  readonly created_at: string;
}
