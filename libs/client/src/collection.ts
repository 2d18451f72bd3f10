// The records of one collection (docs/records.md): list with filter, sort, fields, expand and
// count, cursor iteration, get, create (one or many), update, replace, delete, bulk changes by
// filter, `If-Match`, and realtime subscriptions, each typed by the schema's entry.

import type { Http } from './http.js';
import { recordBody } from './record-body.js';
import type { Realtime, RealtimeEvent, RealtimeSubscription } from './realtime/realtime.js';
import type {
  CollectionName,
  CreateOf,
  ExpandList,
  FieldList,
  RecordOf,
  Selected,
  SortKey,
  UpdateOf,
} from './schema-types.js';

export interface ReadOptions<F, E> {
  /** Only these fields in each record (system fields too only when named). */
  readonly fields?: F;
  /** Relations whose records to include under `expand`, two levels deep at most (`author.company`). */
  readonly expand?: E;
}

export interface ListQuery<S, C extends CollectionName<S>, F, E> extends ReadOptions<F, E> {
  /** An expression: `price > 10 && status = "published"`; see `filter` for user input. */
  readonly filter?: string;
  readonly sort?: SortKey<S, C> | readonly SortKey<S, C>[];
  /** Records per page: 20 by default, at most 500. */
  readonly limit?: number;
  readonly offset?: number;
  /** `meta.nextCursor` of the previous page (use it or `offset`). */
  readonly cursor?: string;
  /** `meta.total`: `exact` counts, `estimated` asks the planner (constant cost). */
  readonly count?: 'exact' | 'estimated' | 'none';
}

export interface ListMeta {
  readonly limit: number;
  readonly offset?: number;
  readonly cursor?: string;
  /** The cursor of the next page; null on the last one. */
  readonly nextCursor: string | null;
  /** With `count`. */
  readonly total?: number;
}

export interface Page<R> {
  readonly data: R[];
  readonly meta: ListMeta;
}

export interface WriteOptions {
  /** Apply only if the record is still at this version (or this record's): a 412 otherwise. */
  readonly ifMatch?: number | { readonly version: number };
}

export interface SubscribeOptions<F, E> extends ReadOptions<F, E> {
  /** One record's changes (under the view rule) instead of the collection's (under the list rule). */
  readonly record?: string;
  readonly filter?: string;
}

const joined = (value: string | readonly string[] | undefined): string | undefined =>
  value === undefined ? undefined : [value].flat().join(',');

type Joined = { readonly fields: string | undefined; readonly expand: string | undefined };

const readQuery = (options: ReadOptions<readonly string[] | undefined, readonly string[] | undefined>): Joined => ({
  fields: joined(options.fields),
  expand: joined(options.expand),
});

const precondition = (options: WriteOptions = {}): Record<string, string> => {
  const { ifMatch } = options;
  return ifMatch === undefined ? {} : { 'if-match': `"${typeof ifMatch === 'number' ? ifMatch : ifMatch.version}"` };
};

export class Collection<S, C extends CollectionName<S>> {
  constructor(
    private readonly http: Http,
    private readonly realtime: Realtime,
    readonly name: C,
  ) {}

  list<const F extends FieldList<S, C> = undefined, const E extends ExpandList<S, C> = undefined>(
    query: ListQuery<S, C, F, E> = {},
  ): Promise<Page<Selected<S, C, F, E>>> {
    const { filter, limit, offset, cursor, count } = query;
    return this.http.request('GET', this.path(), {
      query: { ...readQuery(query), filter, sort: joined(query.sort), limit, offset, cursor, count },
    });
  }

  /** Every matching record, page by page through cursors (constant cost at any depth). */
  async *iterate<const F extends FieldList<S, C> = undefined, const E extends ExpandList<S, C> = undefined>(
    query: Omit<ListQuery<S, C, F, E>, 'cursor' | 'offset' | 'count'> = {},
  ): AsyncGenerator<Selected<S, C, F, E>, void, undefined> {
    let cursor: string | null = null;
    do {
      const page: Page<Selected<S, C, F, E>> = await this.list({ ...query, cursor: cursor ?? undefined });
      yield* page.data;
      cursor = page.meta.nextCursor;
    } while (cursor);
  }

  async get<const F extends FieldList<S, C> = undefined, const E extends ExpandList<S, C> = undefined>(
    id: string,
    options: ReadOptions<F, E> = {},
  ): Promise<Selected<S, C, F, E>> {
    return (
      await this.http.request<{ data: Selected<S, C, F, E> }>('GET', this.path(id), { query: readQuery(options) })
    ).data;
  }

  /** One record (with files as Blobs, sent as multipart), or many at once (all or nothing). */
  create(body: CreateOf<S, C>): Promise<RecordOf<S, C>>;
  create(bodies: readonly CreateOf<S, C>[]): Promise<RecordOf<S, C>[]>;
  async create(body: object): Promise<unknown> {
    const sent = Array.isArray(body) ? body : recordBody(body);
    return (await this.http.request<{ data: unknown }>('POST', this.path(), { body: sent })).data;
  }

  /** Changes the fields given. */
  update(id: string, body: UpdateOf<S, C>, options?: WriteOptions): Promise<RecordOf<S, C>> {
    return this.write('PATCH', id, body, options);
  }

  /** Replaces the whole record: fields left out return to their defaults. */
  replace(id: string, body: CreateOf<S, C>, options?: WriteOptions): Promise<RecordOf<S, C>> {
    return this.write('PUT', id, body, options);
  }

  async delete(id: string, options?: WriteOptions): Promise<void> {
    await this.http.request('DELETE', this.path(id), { headers: precondition(options) });
  }

  /** Changes every record the filter matches (files excepted); answers how many. */
  async updateMany(filter: string, body: UpdateOf<S, C>): Promise<number> {
    const path = this.path();
    return (await this.http.request<{ meta: { updated: number } }>('PATCH', path, { query: { filter }, body })).meta
      .updated;
  }

  /** Deletes every record the filter matches; answers how many. */
  async deleteMany(filter: string): Promise<number> {
    return (await this.http.request<{ meta: { deleted: number } }>('DELETE', this.path(), { query: { filter } })).meta
      .deleted;
  }

  /** Changes as they commit, shaped as this caller's own reads would be; resolves once the server took it. */
  subscribe<const F extends FieldList<S, C> = undefined, const E extends ExpandList<S, C> = undefined>(
    options: SubscribeOptions<F, E>,
    handler: (event: RealtimeEvent<Selected<S, C, F, E>>) => void,
  ): Promise<RealtimeSubscription> {
    const { record, filter } = options;
    const topic = record === undefined ? this.name : `${this.name}/${record}`;
    return this.realtime.subscribe({ topic, filter, ...readQuery(options) }, handler);
  }

  private async write(method: string, id: string, body: object, options?: WriteOptions): Promise<RecordOf<S, C>> {
    const sent = recordBody(body);
    return (
      await this.http.request<{ data: RecordOf<S, C> }>(method, this.path(id), {
        body: sent,
        headers: precondition(options),
      })
    ).data;
  }

  private path(id?: string): string {
    return `/api/v1/collections/${this.name}/records${id === undefined ? '' : `/${encodeURIComponent(id)}`}`;
  }
}
