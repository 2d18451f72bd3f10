// What a record read (list or get) takes from its request, as one parameter. Nest runs every
// decorated parameter of a handler through the global pipes, each run a few promises: a get's
// seven parameters (path, query, headers, caller) were a fifth of its allocations. The values
// are those the separate decorators gave (no pipe transforms a string or a query object).

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@stagecraft/auth';
import type { RawListQuery } from '@stagecraft/records';

export interface RecordRead {
  readonly collection: string;
  /** The record's id (a get); empty for a list. */
  readonly id: string;
  /** The query string: a list's parameters, or a get's `fields` and `expand`. */
  readonly query: RawListQuery;
  readonly ifNoneMatch: string | undefined;
  readonly cacheControl: string | undefined;
  /** The caller the access guard identified; undefined when anonymous. */
  readonly principal: Principal | undefined;
}

interface ReadRequest {
  readonly params: { collection: string; id?: string };
  readonly query: RawListQuery;
  /** Node joins repeated headers of these names into one value. */
  readonly headers: { 'if-none-match'?: string; 'cache-control'?: string };
  readonly user?: Principal;
}

export const RecordReadRequest = createParamDecorator((_data: unknown, context: ExecutionContext): RecordRead => {
  const request = context.switchToHttp().getRequest<ReadRequest>();
  return {
    collection: request.params.collection,
    id: request.params.id ?? '',
    query: request.query,
    ifNoneMatch: request.headers['if-none-match'],
    cacheControl: request.headers['cache-control'],
    principal: request.user,
  };
});
