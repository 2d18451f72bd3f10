// Components every collection's operations share: paging and precondition parameters, the
// record id, the list `meta` object and the bulk results. Fresh objects on every call.
import type { ParameterObject, SchemaObject } from './openapi-types.js';

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 20;
/** BULK_CREATE_MAX's default; the live document is given the configured value. */
export const DEFAULT_BULK_CREATE_MAX = 500;

/** Offsets and counts are JavaScript numbers: exact up to 2^53 - 1 (the records lib checks offsets against it). */
const COUNT: SchemaObject = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER };
const PAGE_SIZE: SchemaObject = { type: 'integer', format: 'int32', minimum: 1, maximum: MAX_LIMIT };

export const SHARED_PARAMETERS = {
  id: 'RecordId',
  limit: 'RecordsLimit',
  offset: 'RecordsOffset',
  cursor: 'RecordsCursor',
  count: 'RecordsCount',
  ifMatch: 'IfMatch',
  ifNoneMatch: 'IfNoneMatch',
} as const;

export const SHARED_SCHEMAS = {
  listMeta: 'RecordListMeta',
  bulkUpdate: 'BulkUpdateResult',
  bulkDelete: 'BulkDeleteResult',
} as const;

export function sharedParameters(): Record<string, ParameterObject> {
  return {
    [SHARED_PARAMETERS.id]: {
      name: 'id',
      in: 'path',
      required: true,
      description: 'The record id.',
      schema: { type: 'string', format: 'uuid', maxLength: 36 },
    },
    [SHARED_PARAMETERS.limit]: {
      name: 'limit',
      in: 'query',
      description: `Page size, 1 to ${MAX_LIMIT} (default ${DEFAULT_LIMIT}); a larger value answers 400.`,
      schema: { ...PAGE_SIZE, default: DEFAULT_LIMIT },
    },
    [SHARED_PARAMETERS.offset]: {
      name: 'offset',
      in: 'query',
      description: 'Records to skip. For deep pages prefer `cursor`, whose cost does not grow with depth.',
      schema: { ...COUNT, default: 0 },
    },
    [SHARED_PARAMETERS.cursor]: {
      name: 'cursor',
      in: 'query',
      description: 'Keyset pagination: the opaque `meta.nextCursor` of the previous page, passed back unchanged.',
      schema: { type: 'string' },
    },
    [SHARED_PARAMETERS.count]: {
      name: 'count',
      in: 'query',
      description:
        'Whether `meta.total` is returned: `exact` (a COUNT), `estimated` (from planner statistics, cheap) or `none`.',
      schema: { type: 'string', enum: ['exact', 'estimated', 'none'], default: 'none' },
    },
    [SHARED_PARAMETERS.ifMatch]: {
      name: 'If-Match',
      in: 'header',
      description:
        'The `ETag` the record was read with (or `*`); when the record has changed since, the answer is 412. Any other value answers 400.',
      schema: { type: 'string', pattern: '^(\\*|(W/)?"[0-9]+")$' },
    },
    [SHARED_PARAMETERS.ifNoneMatch]: {
      name: 'If-None-Match',
      in: 'header',
      description: 'The `ETag` of a cached copy; when the record is unchanged, the answer is 304 without a body.',
      schema: { type: 'string' },
    },
  };
}

export function sharedSchemas(): Record<string, SchemaObject> {
  return {
    [SHARED_SCHEMAS.listMeta]: {
      type: 'object',
      required: ['limit', 'nextCursor'],
      properties: {
        limit: PAGE_SIZE,
        offset: { ...COUNT, description: 'Present for offset pagination.' },
        cursor: { type: 'string', description: 'Present when the page was requested with `cursor`.' },
        nextCursor: {
          type: ['string', 'null'],
          description: 'Pass as `cursor` for the next page; null on the last page.',
        },
        total: { ...COUNT, description: 'Present when `count` is `exact` or `estimated`.' },
      },
    },
    [SHARED_SCHEMAS.bulkUpdate]: resultSchema('updated', 'Records updated.'),
    [SHARED_SCHEMAS.bulkDelete]: resultSchema('deleted', 'Records deleted.'),
  };
}

function resultSchema(counter: string, description: string): SchemaObject {
  return {
    type: 'object',
    required: ['meta'],
    properties: {
      meta: {
        type: 'object',
        required: [counter],
        properties: { [counter]: { ...COUNT, description } },
      },
    },
  };
}
