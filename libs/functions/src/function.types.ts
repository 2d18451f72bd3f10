// What a function is, as stored and as the API shows it.

import type { FunctionLanguage } from './compile-source.js';

/** The HTTP trigger: who may call `/functions/{name}/invoke` (null: admins only; "": anyone). */
export interface HttpTrigger {
  readonly rule: string | null;
}

export interface FunctionTriggers {
  /** Absent: the function has no HTTP route. */
  readonly http?: HttpTrigger;
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

export const TRIGGER_KINDS = ['http', 'test'] as const;
export type TriggerKind = (typeof TRIGGER_KINDS)[number];

export const INVOCATION_OUTCOMES = ['ok', 'error', 'timeout', 'memory', 'crashed', 'refused'] as const;
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
  readonly created_at: string;
}
