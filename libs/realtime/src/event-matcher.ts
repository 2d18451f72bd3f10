// Decides which subscribers see which events of one collection, and what they see. Subscribers
// are grouped by caller and rule action (list for a collection topic, view for a record
// topic); each group's rule and distinct filters become boolean columns evaluated in
// PostgreSQL over the event's row images from the outbox (the row after a create or update,
// before an update or delete), so the answer is the one a GET would have given for that row.
// All groups share one query per batch and collection; should it fail (a rule failing as it
// runs), each group is tried on its own, so one group's failure is logged and skipped without
// affecting the others.

import { Logger } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import { AppException } from '@stagecraft/core';
import {
  expandRecords,
  filterCondition,
  ruleCondition,
  toRecord,
  type CompiledCollection,
  type CompiledSchema,
  type RecordData,
  type RequestScope,
} from '@stagecraft/records';
import { quoteIdent } from '@stagecraft/schema';
import type { DataSource } from 'typeorm';
import { readOptions, ruleActionOf, type Subscription } from './subscription.js';

export type ChangeAction = 'create' | 'update' | 'delete' | 'leave';

/** A subscription and whose it is. */
export interface Subscriber<Owner> {
  readonly owner: Owner;
  readonly principal: Principal | undefined;
  readonly subscription: Subscription;
}

/** One change one subscriber may see. */
export interface MatchedChange<Owner> {
  readonly subscriber: Subscriber<Owner>;
  readonly position: number;
  readonly action: ChangeAction;
  readonly recordId: string;
  /** The record as the subscriber's GET would show it; absent for `leave`. */
  readonly record?: RecordData;
  /** When the change's transaction began. */
  readonly committedAt: Date;
}

/** A subscription that can no longer be served (its rule now refuses the caller, its filter no longer compiles). */
export interface DroppedSubscriber<Owner> {
  readonly subscriber: Subscriber<Owner>;
  readonly reason: string;
}

export interface MatchResult<Owner> {
  readonly changes: MatchedChange<Owner>[];
  readonly dropped: DroppedSubscriber<Owner>[];
}

const logger = new Logger('RealtimeMatcher');

const groupKey = (principal: Principal | undefined, action: string): string =>
  principal ? `${action}:${principal.kind}:${principal.id}:${principal.role}` : `${action}:anonymous`;

interface ChangeRow extends Record<string, unknown> {
  __position: string;
  __action: 'create' | 'update' | 'delete';
  __record_id: string;
  __committed_at: Date;
}

/**
 * The changes among `positions` (events of `collection`) each subscriber may see, in position
 * order per subscriber.
 */
export async function matchChanges<Owner>(
  db: DataSource,
  schema: CompiledSchema,
  collection: CompiledCollection,
  positions: readonly number[],
  subscribers: readonly Subscriber<Owner>[],
): Promise<MatchResult<Owner>> {
  const groups = new Map<string, Subscriber<Owner>[]>();
  for (const subscriber of subscribers) {
    const key = groupKey(subscriber.principal, ruleActionOf(subscriber.subscription));
    const group = groups.get(key);
    if (group) group.push(subscriber);
    else groups.set(key, [subscriber]);
  }
  const result: MatchResult<Owner> = { changes: [], dropped: [] };
  const now = new Date();
  const scopes = [...groups.values()].map((group) => ({ principal: group[0]?.principal, schema, now }));
  const values: unknown[] = [positions];
  const plans = [...groups.values()].flatMap((group, index) => {
    const plan = planGroup(scopes[index] as RequestScope, collection, group, values, `g${index}`, result.dropped);
    return plan ? [plan] : [];
  });
  if (plans.length === 0) return result;
  try {
    const rows = await selectChanges(db, collection, plans, values);
    for (const plan of plans) await collectChanges(db, collection, plan, rows, result.changes);
  } catch (error) {
    // One group's rule failing as it runs must not stop the others: each on its own.
    logger.warn(`Realtime changes of "${collection.name}" matched group by group: ${String(error)}`);
    for (const plan of plans) {
      try {
        const own: unknown[] = [positions];
        const alone = planGroup(plan.scope, collection, plan.group, own, 'g0', []);
        if (!alone) continue;
        const rows = await selectChanges(db, collection, [alone], own);
        await collectChanges(db, collection, alone, rows, result.changes);
      } catch (groupError) {
        logger.warn(`Realtime changes of "${collection.name}" not matched for one group: ${String(groupError)}`);
      }
    }
  }
  result.changes.sort((a, b) => a.position - b.position);
  return result;
}

/** One group's columns in the batch's query, and which column answers for which subscriber. */
interface GroupPlan<Owner> {
  readonly scope: RequestScope;
  readonly group: readonly Subscriber<Owner>[];
  readonly columns: string[];
  readonly live: { subscriber: Subscriber<Owner>; column: string }[];
}

/**
 * Compiles a group's rule and distinct filters into boolean columns (does the row after /
 * before the change match?), their values appended to `values`. Subscriptions that can no
 * longer be served go to `dropped`; undefined when none of the group is left.
 */
function planGroup<Owner>(
  scope: RequestScope,
  collection: CompiledCollection,
  group: readonly Subscriber<Owner>[],
  values: unknown[],
  prefix: string,
  dropped: DroppedSubscriber<Owner>[],
): GroupPlan<Owner> | undefined {
  const first = group[0];
  if (first === undefined) return undefined;
  let rule: string;
  try {
    rule = ruleCondition(scope, collection, ruleActionOf(first.subscription), values);
  } catch (error) {
    if (!(error instanceof AppException)) throw error;
    for (const subscriber of group) dropped.push({ subscriber, reason: error.detail });
    return undefined;
  }
  const filterColumns = new Map<string, string>();
  const plan: GroupPlan<Owner> = { scope, group, columns: [], live: [] };
  const image = (side: 'after' | 'before'): string =>
    `jsonb_populate_record(NULL::"data".${quoteIdent(collection.table)}, o."${side}")`;
  for (const subscriber of group) {
    const filter = subscriber.subscription.filter ?? '';
    let column = filterColumns.get(filter);
    if (column === undefined) {
      let condition: string;
      try {
        condition = filterCondition(scope, collection, filter, values);
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        dropped.push({ subscriber, reason: `The filter no longer applies. ${error.detail}` });
        continue;
      }
      column = `${prefix}f${filterColumns.size}`;
      filterColumns.set(filter, column);
      for (const side of ['after', 'before'] as const) {
        plan.columns.push(
          `(o."${side}" IS NOT NULL AND EXISTS (SELECT 1 FROM ${image(side)} t WHERE (${rule}) AND (${condition}))) AS "__${side}_${column}"`,
        );
      }
    }
    plan.live.push({ subscriber, column });
  }
  return plan.live.length === 0 ? undefined : plan;
}

/** The batch's events of the collection with the record image and every group's columns: one query. */
function selectChanges(
  db: DataSource,
  collection: CompiledCollection,
  plans: readonly GroupPlan<unknown>[],
  values: unknown[],
): Promise<ChangeRow[]> {
  return db.query<ChangeRow[]>(
    `SELECT o."feed_position" AS "__position", o."action" AS "__action", o."record_id"::text AS "__record_id",
            o."created_at" AS "__committed_at", ${plans.flatMap((plan) => plan.columns).join(', ')}, r.*
       FROM "stagecraft"."outbox" o
       LEFT JOIN LATERAL (
         SELECT ${collection.selectList}
           FROM jsonb_populate_record(NULL::"data".${quoteIdent(collection.table)}, coalesce(o."after", o."before")) t
       ) r ON true
      WHERE o."feed_position" = ANY($1::bigint[])
      ORDER BY o."feed_position"`,
    values,
  );
}

/** The changes each subscriber of a planned group may see among `rows`. */
async function collectChanges<Owner>(
  db: DataSource,
  collection: CompiledCollection,
  plan: GroupPlan<Owner>,
  rows: readonly ChangeRow[],
  changes: MatchedChange<Owner>[],
): Promise<void> {
  // Per row, subscribers of one filter column share its answer, and those asking for the same
  // shape of the record share one copy (and its serialisation): a group is often one user's
  // many connections, and a row then costs a lookup per connection.
  const actions = new Map<string, ChangeAction | null>();
  const shaped = new Map<string, RecordData>();
  for (const row of rows) {
    actions.clear();
    shaped.clear();
    const position = Number(row.__position);
    for (const { subscriber, column } of plan.live) {
      const { subscription } = subscriber;
      if (subscription.recordId !== undefined && subscription.recordId !== row.__record_id) continue;
      let action = actions.get(column);
      if (action === undefined) {
        action =
          changeAction(row.__action, row[`__after_${column}`] === true, row[`__before_${column}`] === true) ?? null;
        actions.set(column, action);
      }
      if (action === null) continue;
      const recordId = row.__record_id;
      const committedAt = row.__committed_at;
      if (action === 'leave') {
        changes.push({ subscriber, position, action, recordId, committedAt });
        continue;
      }
      const shape = `${subscription.rawFields ?? ''}\u0000${subscription.rawExpand ?? ''}`;
      let record = shaped.get(shape);
      if (record === undefined) {
        record = await recordFor(db, plan.scope, collection, subscription, row);
        shaped.set(shape, record);
      }
      changes.push({ subscriber, position, action, recordId, committedAt, record });
    }
  }
}

/** What a subscriber whose rule and filter matched the row after / before sees of a change. */
function changeAction(action: ChangeRow['__action'], after: boolean, before: boolean): ChangeAction | undefined {
  if (action === 'create') return after ? 'create' : undefined;
  if (action === 'delete') return before ? 'delete' : undefined;
  if (after) return 'update';
  return before ? 'leave' : undefined;
}

/** The record with the subscription's fields and expand, as its GET would return it. */
async function recordFor(
  db: DataSource,
  scope: RequestScope,
  collection: CompiledCollection,
  subscription: Subscription,
  row: Record<string, unknown>,
): Promise<RecordData> {
  // Parsed again against the current schema: a field renamed since drops out rather than fail.
  const options = safeReadOptions(collection, scope.principal, subscription);
  const record = toRecord(row, collection, options.fields);
  if (options.expand.length > 0) {
    await expandRecords(db, scope, collection, [record], [row], options.expand).catch((error: unknown) => {
      logger.warn(`Realtime expand on "${collection.name}" failed: ${String(error)}`);
    });
  }
  return record;
}

function safeReadOptions(
  collection: CompiledCollection,
  principal: Principal | undefined,
  subscription: Subscription,
): Pick<Subscription, 'fields' | 'expand'> {
  try {
    return readOptions(collection, principal, subscription.rawFields, subscription.rawExpand);
  } catch {
    return { fields: subscription.fields, expand: [] };
  }
}
