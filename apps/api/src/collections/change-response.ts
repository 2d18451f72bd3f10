// Every schema change answers the same way: the resulting object (if any) and what was
// planned, with the SQL, so the console can preview (dry_run) and show what happened.

import type { Principal } from '@stagecraft/auth';
import type { SchemaActor, SchemaChangeOutcome } from '@stagecraft/collections';
import type { FunctionAction, SchemaPlanOutcome } from '@stagecraft/functions';

export interface ChangeResponse<T> {
  data: T;
  meta: {
    dry_run: boolean;
    version: number | null;
    actions: { type: string; description: string; destructive: boolean; sql: string }[];
    rewritten: { kind: string; label: string; from: string; to: string }[];
  };
}

export function changeResponse<T>(outcome: SchemaChangeOutcome<T>, dryRun: boolean): ChangeResponse<T> {
  const { version, actions, rewritten } = outcome;
  return { data: outcome.result, meta: { dry_run: dryRun, version, actions, rewritten } };
}

/** A schema document's plan: the functions' actions beside the collections'. */
export interface SchemaPlanResponse extends ChangeResponse<null> {
  meta: ChangeResponse<null>['meta'] & { functions: readonly FunctionAction[] };
}

export function schemaPlanResponse(outcome: SchemaPlanOutcome, dryRun: boolean): SchemaPlanResponse {
  const response = changeResponse(outcome, dryRun);
  return { ...response, meta: { ...response.meta, functions: outcome.functions } };
}

export function actorOf(principal: Principal): SchemaActor {
  return { kind: principal.kind, id: principal.id };
}
