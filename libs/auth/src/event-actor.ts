// Who made a change, for the outbox trigger (stagecraft.record_events). The statement that
// makes the change also sets the transaction-local `stagecraft.actor` in a MATERIALIZED CTE it
// references, so a single-statement write stays one round trip and its event names the caller.
// Records, imports and the identity endpoints (users are records too) all label callers here.

import type { Principal } from './principal.js';

export interface ActorClause {
  /** `WITH "__actor" AS MATERIALIZED (...)`: put it in front of the statement. */
  readonly with: string;
  /** A condition that is always true but makes the statement evaluate the CTE first. */
  readonly guard: string;
}

/** `user:<id>`, `api_key:<id>` or `anonymous`: the `actor` of the events a caller causes. */
export function actorLabel(principal: Pick<Principal, 'kind' | 'id'> | undefined): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}

/**
 * Adds the actor to `params` and returns the clause that sets it. `null` (a change made
 * outside the API, such as the CLI) clears it, so the event's actor is null.
 */
export function actorClause(actor: string | null, params: unknown[]): ActorClause {
  const index = params.push(actor ?? '');
  return {
    with: `WITH "__actor" AS MATERIALIZED (SELECT set_config('stagecraft.actor', $${index}, true))`,
    guard: `EXISTS (SELECT FROM "__actor")`,
  };
}
