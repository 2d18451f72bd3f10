// The seam through which code outside the records library (functions) checks or changes a
// write before it is made. The records service calls it inside the write's transaction, after
// taking a lock that serialises hooked writes to the collection, so a hook that reads other
// records (an overlap check, say) sees every earlier hooked write committed.

import type { Principal } from '@stagecraft/auth';
import type { EntityManager } from 'typeorm';
import type { RecordData } from './record-row.js';

export type WriteAction = 'create' | 'update' | 'delete';

export interface BeforeWrite {
  readonly collection: string;
  readonly action: WriteAction;
  readonly principal: Principal | undefined;
  /** The validated values being written; null for a delete. */
  readonly values: Record<string, unknown> | null;
  /** The stored record, read and locked in the write's transaction (update, delete); null for a create. */
  readonly current: RecordData | null;
}

export interface BeforeWriteHooks {
  /** Whether any hook runs before this write; empty for most writes, which then pay nothing more. */
  hooked(collection: string, action: WriteAction): Promise<boolean>;
  /**
   * Runs the hooks in turn: the values to write (those given, or as a hook changed them), or
   * a thrown problem that refuses the write and rolls its transaction back.
   */
  run(write: BeforeWrite): Promise<Record<string, unknown> | null>;
}

/** Transaction-scoped advisory lock key space for hooked writes ("SC" + hook). */
const HOOK_LOCK_CLASS = 0x5343_0001;

/** Serialises hooked writes to one collection until the transaction ends. */
export async function lockHookedCollection(manager: EntityManager, table: string): Promise<void> {
  await manager.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [HOOK_LOCK_CLASS, table]);
}
