// The root fields: reads go through the record loader (one statement for the records and
// their to-one relations, one more per to-many relation), writes through the records
// service, exactly as REST's, followed by a load of the relations the result selects.

import type { Principal } from '@stagecraft/auth';
import { AppException, ErrorCode, fieldSentence } from '@stagecraft/core';
import {
  type CompiledCollection,
  type CompiledSchema,
  type RecordData,
  type RecordsService,
  type RequestScope,
} from '@stagecraft/records';
import { getNamedType, isObjectType, type FieldNode, type GraphQLOutputType, type GraphQLResolveInfo } from 'graphql';
import { RecordLoader, type RunQuery } from './record-loader.js';
import { EMPTY_PLAN, planOf, subfields, type SelectionPlan } from './selection-plan.js';
import type { ChangeEvent } from './subscriptions/subscription-channel.js';

/** One operation's state: the caller, the schema version it runs on and its statements. */
export interface GraphqlContext {
  readonly principal: Principal | undefined;
  readonly scope: RequestScope;
  /** Runs a read and counts it. */
  readonly run: RunQuery;
  /** Over graphql-ws only: the events of a realtime subscription of this connection. */
  readonly subscribe?: (request: { topic: string; filter?: string }) => Promise<AsyncIterable<ChangeEvent>>;
  /** Over graphql-ws only: the caller and schema version as they are now, for an event that comes later. */
  readonly currentScope?: () => Promise<RequestScope>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ITEMS = Symbol('items');

type ListArgs = Parameters<RecordLoader['list']>[1];
type Page = { nextCursor: string | null; total?: number; [ITEMS]: Map<string, RecordData[]> };

/** The items a page loaded for the response key of its `items` field. */
export function itemsOf(page: Page, key: string): RecordData[] {
  return page[ITEMS].get(key) ?? [];
}

function collectionIn(context: GraphqlContext, name: string): CompiledCollection {
  const collection = context.scope.schema.collections.get(name);
  if (!collection) throw new Error(`No compiled collection ${name}`);
  return collection;
}

/** What the field's own selection asks of relations (the field returns records of `collection`). */
function rootPlan(info: GraphQLResolveInfo, schema: CompiledSchema, collection: CompiledCollection): SelectionPlan {
  return planOf(info, schema, collection, getNamedType(info.returnType), info.fieldNodes);
}

/** The record type of a page field's `items`. */
function itemType(info: GraphQLResolveInfo): GraphQLOutputType | undefined {
  const page = getNamedType(info.returnType);
  const items = isObjectType(page) ? page.getFields().items : undefined;
  return items ? getNamedType(items.type) : undefined;
}

export class GraphqlResolvers {
  constructor(private readonly records: RecordsService) {}

  /** A page: one list per response key of `items` (almost always one). */
  async list(name: string, args: ListArgs, context: GraphqlContext, info: GraphQLResolveInfo): Promise<Page> {
    const collection = collectionIn(context, name);
    const loader = new RecordLoader(context.scope, context.run);
    const itemKeys = new Map<string, FieldNode[]>();
    let nextCursor = false;
    for (const [key, nodes] of subfields(info, info.fieldNodes)) {
      if (nodes[0]?.name.value === 'items') itemKeys.set(key, nodes);
      if (nodes[0]?.name.value === 'nextCursor') nextCursor = true;
    }
    const type = itemType(info);
    const plans =
      itemKeys.size === 0
        ? new Map([['items', EMPTY_PLAN]])
        : new Map(
            [...itemKeys].map(([key, nodes]) => [
              key,
              type ? planOf(info, context.scope.schema, collection, type, nodes) : EMPTY_PLAN,
            ]),
          );
    const items = new Map<string, RecordData[]>();
    let page: { nextCursor: string | null; total?: number } | undefined;
    for (const [key, plan] of plans) {
      const loaded = await loader.list(collection, args, plan, { nextCursor });
      page ??= { nextCursor: loaded.nextCursor, ...(loaded.total === undefined ? {} : { total: loaded.total }) };
      items.set(key, loaded.items);
    }
    return { ...(page as { nextCursor: string | null }), [ITEMS]: items };
  }

  async get(name: string, id: string, context: GraphqlContext, info: GraphQLResolveInfo): Promise<RecordData | null> {
    if (!UUID.test(id)) return null;
    const collection = collectionIn(context, name);
    const [record] = await new RecordLoader(context.scope, context.run).byIds(
      collection,
      [id],
      rootPlan(info, context.scope.schema, collection),
    );
    return record ?? null;
  }

  async create(
    name: string,
    data: unknown,
    context: GraphqlContext,
    info: GraphQLResolveInfo,
  ): Promise<RecordData | RecordData[]> {
    const created = await this.records.create(context.principal, name, data);
    await this.withRelations(name, [created].flat(), context, info);
    return created;
  }

  async update(
    name: string,
    args: { id?: unknown; data?: unknown; expectedVersion?: unknown },
    mode: 'update' | 'replace',
    context: GraphqlContext,
    info: GraphQLResolveInfo,
  ): Promise<RecordData> {
    const id = args.id as string;
    const version = (args.expectedVersion ?? undefined) as number | undefined;
    const record =
      mode === 'update'
        ? await this.records.update(context.principal, name, id, args.data, version)
        : await this.records.replace(context.principal, name, id, args.data, version);
    await this.withRelations(name, [record], context, info);
    return record;
  }

  async delete(
    name: string,
    args: { id?: unknown; expectedVersion?: unknown },
    context: GraphqlContext,
  ): Promise<string> {
    const id = args.id as string;
    await this.records.delete(context.principal, name, id, (args.expectedVersion ?? undefined) as number | undefined);
    return id;
  }

  async updateWhere(
    name: string,
    args: { filter?: unknown; data?: unknown },
    context: GraphqlContext,
  ): Promise<number> {
    return (await this.records.bulkUpdate(context.principal, name, args.filter as string, args.data)).updated;
  }

  async deleteWhere(name: string, args: { filter?: unknown }, context: GraphqlContext): Promise<number> {
    return (await this.records.bulkDelete(context.principal, name, args.filter as string)).deleted;
  }

  /** The events of a subscription field: its collection, or one record, through the realtime engine. */
  subscribe(
    name: string,
    args: { filter?: unknown; id?: unknown },
    context: GraphqlContext,
  ): Promise<AsyncIterable<ChangeEvent>> {
    if (!context.subscribe) {
      throw new AppException(ErrorCode.BadRequest, 'Subscriptions run over WebSocket (graphql-ws) only.');
    }
    if (typeof args.id === 'string' && !UUID.test(args.id)) {
      throw new AppException(ErrorCode.ValidationFailed, 'The id must be a record id (a UUID).', {
        errors: [{ field: 'id', code: 'format', message: fieldSentence('id', 'must be a record id (a UUID)') }],
      });
    }
    const topic = typeof args.id === 'string' ? `${name}/${args.id}` : name;
    return context.subscribe({ topic, ...(typeof args.filter === 'string' ? { filter: args.filter } : {}) });
  }

  /**
   * An event's record with the relations this `record` field selects, each under its target's
   * view rule for the caller as it is now. A copy: the engine shares one record between its
   * subscribers.
   */
  async changeRecord(
    name: string,
    event: ChangeEvent,
    context: GraphqlContext,
    info: GraphQLResolveInfo,
  ): Promise<RecordData | null> {
    if (!event.record) return null;
    const record = { ...event.record };
    const scope = (await context.currentScope?.()) ?? context.scope;
    const collection = scope.schema.collections.get(name);
    if (!collection) return record;
    const plan = rootPlan(info, scope.schema, collection);
    await new RecordLoader(scope, context.run).attach([record], collection, plan);
    return record;
  }

  /** A write's result with the relations its selection asks for, each under its target's view rule. */
  private async withRelations(
    name: string,
    records: RecordData[],
    context: GraphqlContext,
    info: GraphQLResolveInfo,
  ): Promise<void> {
    const collection = collectionIn(context, name);
    await new RecordLoader(context.scope, context.run).attach(
      records,
      collection,
      rootPlan(info, context.scope.schema, collection),
    );
  }
}
