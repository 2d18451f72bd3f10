// A subscription: a topic (`posts` for a collection, `posts/<id>` for one record) with the
// list query's filter, fields and expand. Checked when set exactly as a list request would be
// (same 400s, 401/403 when the caller may not list or view the collection at all); the
// filter is kept as text and compiled again for each batch, so rule and schema changes apply.

import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import {
  checkExpandPaths,
  filterCondition,
  isAdmin,
  parseListParams,
  ruleCondition,
  type CompiledCollection,
  type CompiledSchema,
} from '@stagecraft/records';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const MAX_TEXT = 4096;

/** What a client sends. */
export interface SubscriptionRequest {
  id?: unknown;
  topic?: unknown;
  filter?: unknown;
  fields?: unknown;
  expand?: unknown;
}

export interface Subscription {
  readonly id: string;
  readonly topic: string;
  readonly collectionId: string;
  /** Set for a record topic. */
  readonly recordId?: string;
  readonly filter?: string;
  readonly fields?: ReadonlySet<string>;
  readonly expand: readonly (readonly string[])[];
  /** The raw texts, to parse fields and expand again after a schema change. */
  readonly rawFields?: string;
  readonly rawExpand?: string;
}

/** A subscription as its owner set it: what the API answers and what travels between processes. */
export interface SubscriptionView {
  readonly id: string;
  readonly topic: string;
  readonly filter: string | null;
  readonly fields: string | null;
  readonly expand: string | null;
}

export const viewOf = (subscription: Subscription): SubscriptionView => ({
  id: subscription.id,
  topic: subscription.topic,
  filter: subscription.filter ?? null,
  fields: subscription.rawFields ?? null,
  expand: subscription.rawExpand ?? null,
});

/** The collection topic's list rule, or the record topic's view rule. */
export const ruleActionOf = (subscription: Pick<Subscription, 'recordId'>): 'list' | 'view' =>
  subscription.recordId === undefined ? 'list' : 'view';

/** A 400 for one field of a subscription: "Filter must be text." */
function invalid(field: string, code: string, predicate: string): AppException {
  const message = fieldSentence(field, predicate);
  return new AppException(ErrorCode.ValidationFailed, message, { errors: [{ field, code, message }] });
}

function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'type', 'must be text');
  if (value.length > MAX_TEXT) throw invalid(field, 'too_long', `must be at most ${MAX_TEXT} characters long`);
  return value;
}

/** Errors of a nested check renamed under `subscriptions[i]`. */
function prefixed(error: unknown, prefix: string): unknown {
  if (!(error instanceof AppException) || error.status !== 400) return error;
  const errors: FieldError[] = (error.options.errors ?? []).map((item) => ({
    ...item,
    field: `${prefix}.${item.field}`,
  }));
  return new AppException(error.code, error.message, { ...error.options, errors });
}

/**
 * Checks one subscription request for `principal`. `generatedId` names it when the client did
 * not; `path` prefixes field names in problems (`subscriptions[0]`).
 */
export function parseSubscription(
  input: unknown,
  schema: CompiledSchema,
  principal: Principal | undefined,
  generatedId: string,
  path: string,
): Subscription {
  try {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw invalid('subscription', 'type', 'must be an object');
    }
    const request = input as SubscriptionRequest;
    const id = request.id === undefined ? generatedId : request.id;
    if (typeof id !== 'string' || !SUBSCRIPTION_ID.test(id)) {
      throw invalid('id', 'format', 'must be 1 to 64 letters, digits or _ . : -');
    }
    if (typeof request.topic !== 'string' || request.topic.length === 0 || request.topic.length > 200) {
      throw invalid('topic', 'required', 'must be a collection name, or <collection>/<record id>');
    }
    const [name = '', recordId, ...extra] = request.topic.split('/');
    if (extra.length > 0 || (recordId !== undefined && !UUID.test(recordId))) {
      throw invalid('topic', 'format', 'must be a collection name, or <collection>/<record id>');
    }
    const collection = schema.collections.get(name);
    if (!collection) throw new AppException(ErrorCode.NotFound, `No collection is named "${name}".`);
    const filter = optionalText(request.filter, 'filter');
    const rawFields = optionalText(request.fields, 'fields');
    const rawExpand = optionalText(request.expand, 'expand');
    const subscription = {
      id,
      topic: recordId === undefined ? name : `${name}/${recordId.toLowerCase()}`,
      collectionId: collection.definition.id,
      recordId: recordId?.toLowerCase(),
      filter,
      rawFields,
      rawExpand,
      ...readOptions(collection, principal, rawFields, rawExpand),
    };
    checkAccess(schema, collection, principal, subscription);
    return subscription;
  } catch (error) {
    throw prefixed(error, path);
  }
}

/** The fields and expand of a subscription, parsed as a list request parses them. */
export function readOptions(
  collection: CompiledCollection,
  principal: Principal | undefined,
  fields: string | undefined,
  expand: string | undefined,
): Pick<Subscription, 'fields' | 'expand'> {
  const params = parseListParams({ fields, expand }, collection, isAdmin(principal));
  return { fields: params.fields, expand: params.expand };
}

/** The rule for the topic lets the caller read at all (else 401/403); the filter compiles and expand names relations (else 400). */
function checkAccess(
  schema: CompiledSchema,
  collection: CompiledCollection,
  principal: Principal | undefined,
  subscription: Pick<Subscription, 'recordId' | 'filter' | 'expand'>,
): void {
  const scope = { principal, schema, now: new Date() };
  ruleCondition(scope, collection, ruleActionOf(subscription), []);
  filterCondition(scope, collection, subscription.filter, []);
  checkExpandPaths(scope, collection, subscription.expand);
}
