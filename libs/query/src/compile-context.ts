// What a compile needs besides the AST: metadata, the outer row's alias, the shared
// parameter list, and the request facts that macros stand for.

import type { QueryCollection, QuerySchema } from './query-schema.js';

export interface RequestFacts {
  /** Null for an anonymous caller, so `@request.auth.id` is null. */
  readonly auth: {
    readonly id: string;
    readonly role: string;
    /** `@request.auth.aal`: 1 or 2 for a user's session; absent (null) for API keys. */
    readonly aal?: number | null;
  } | null;
  /** The create/update payload; `@request.body.<field>` reads it (absent keys are null). */
  readonly body?: Readonly<Record<string, unknown>>;
}

export interface CompileContext {
  readonly schema: QuerySchema;
  /** The collection the outer row belongs to. */
  readonly collection: QueryCollection;
  /** Alias of the outer row in the caller's query, e.g. `t`. */
  readonly alias: string;
  /** Parameters are appended here and referenced as $n, n = index + 1, so fragments combine. */
  readonly params: unknown[];
  readonly request: RequestFacts;
  /** What `@now` means: fixed by the caller so one request sees one instant. */
  readonly now: Date;
  /**
   * True for a caller's filter: relation paths then reach only rows the caller may view
   * (each target's `rowFilter`). Rules are written by admins and see every row.
   */
  readonly applyRowFilters?: boolean;
  /**
   * Also refuse comparisons that can never be true, such as ids of two different collections
   * (`author = @request.auth.id` where author points at "authors"). On for what someone is
   * writing now (a filter, a rule or condition being saved); off for stored rules and conditions
   * compiled at run time, so one saved before this check existed works as it did.
   */
  readonly rejectNeverMatching?: boolean;
}
