// List and get through the response cache, for collections that turned it on. Other
// collections' reads go straight to RecordsService and come back as objects; cached ones come
// back as the JSON text sent, so a hit is never parsed or serialised again.

import { Injectable } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import type { RawListQuery } from '../list-params.js';
import { RecordsService, type ListResult, type ReadOptions } from '../records.service.js';
import type { RecordData } from '../record-row.js';
import { getCachePlan, listCachePlan } from './cache-plan.js';
import { ResponseCache, type CacheStatus } from './response-cache.service.js';

export type ReadAnswer<T> =
  | { readonly cache: undefined; readonly value: T }
  | { readonly cache: CacheStatus; readonly body: string; readonly etag?: string };

export const recordEtag = (record: RecordData): string => `"${record.version}"`;

/** `Cache-Control: no-cache` or `no-store` on the request: the client wants an answer computed now. */
export const wantsFreshAnswer = (cacheControl: string | undefined): boolean =>
  cacheControl !== undefined && /(?:^|,)\s*no-(?:cache|store)\s*(?:,|$)/i.test(cacheControl);

@Injectable()
export class CachedReads {
  constructor(
    private readonly records: RecordsService,
    private readonly cache: ResponseCache,
  ) {}

  async list(
    principal: Principal | undefined,
    name: string,
    query: RawListQuery,
    fresh = false,
  ): Promise<ReadAnswer<ListResult>> {
    const scoped = await this.records.scope(principal, name);
    const { scope, collection } = scoped;
    if (!collection.definition.cache) return { cache: undefined, value: await this.records.listIn(scoped, query) };
    const { status, body } = await this.cache.serve(
      listCachePlan(scope, collection, query),
      async () => ({ body: JSON.stringify(await this.records.listIn(scoped, query)) }),
      fresh,
    );
    return { cache: status, body };
  }

  async get(
    principal: Principal | undefined,
    name: string,
    id: string,
    options: ReadOptions,
    fresh = false,
  ): Promise<ReadAnswer<{ data: RecordData }>> {
    const scoped = await this.records.scope(principal, name);
    const { scope, collection } = scoped;
    if (!collection.definition.cache) {
      return { cache: undefined, value: { data: await this.records.getIn(scoped, id, options) } };
    }
    const { status, body, etag } = await this.cache.serve(
      getCachePlan(scope, collection, id, options),
      async () => {
        const record = await this.records.getIn(scoped, id, options);
        return { body: JSON.stringify({ data: record }), etag: recordEtag(record) };
      },
      fresh,
    );
    return { cache: status, body, etag };
  }
}
