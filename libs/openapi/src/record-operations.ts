// The eight records operations of one collection (list, create, bulk update and delete on the
// collection path; get, update, replace and delete on the record path), fully documented.
import type { CollectionDefinition } from '@stagecraft/schema';
import {
  collectionPaths,
  collectionSchemaName,
  operationId,
  parameterRef,
  schemaRef,
  type CollectionSchemaKind,
} from './names.js';
import type {
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirement,
} from './openapi-types.js';
import { errorResponseRefs, type ErrorStatus } from './problem-components.js';
import { JSON_PART, writableFileFields } from './record-forms.js';
import { expandParameter, fieldsParameter, filterParameter, sortParameter } from './query-parameters.js';
import { SHARED_PARAMETERS, SHARED_SCHEMAS } from './shared-components.js';

export interface OperationContext {
  collection: CollectionDefinition;
  stem: string;
  tag: string;
  publicUrl: string;
  /** The most records one create may carry (BULK_CREATE_MAX). */
  bulkCreateMax: number;
}

const JSON_MEDIA_TYPE = 'application/json';
const FORM_MEDIA_TYPE = 'multipart/form-data';

/** Signed in, API key, or anonymous where the collection's rule for the action allows it. */
const security = (): SecurityRequirement[] => [{ bearer: [] }, { apiKey: [] }, {}];

/** `"<version>"`: the version is a positive 32-bit integer, so at most 12 characters. */
const ETAG_HEADER = {
  ETag: {
    description: 'The record version, for `If-None-Match` and `If-Match`.',
    schema: { type: 'string' as const, pattern: '^"[0-9]+"$', maxLength: 12 },
  },
};

/** Reads of a collection with response caching on (docs/caching.md) say where the answer came from. */
const X_CACHE_HEADER = {
  'X-Cache': {
    description:
      '`hit`: answered from the response cache; `miss`: computed and stored; `bypass`: computed without the cache (Redis away, `Cache-Control: no-cache`, or a rule or filter reading `@now`).',
    schema: { type: 'string' as const, enum: ['hit', 'miss', 'bypass'] },
  },
};

const CACHE_CONTROL_PARAMETER: ParameterObject = {
  name: 'Cache-Control',
  in: 'header',
  description: '`no-cache` or `no-store`: skip the response cache and compute the answer now.',
  schema: { type: 'string', maxLength: 200 },
};

/** The cached collection's reads: a sentence, the request header and the response header. */
function cacheParts(context: OperationContext): {
  note: string;
  parameters: ParameterObject[];
  headers: typeof X_CACHE_HEADER | Record<string, never>;
} {
  const cache = context.collection.cache;
  if (!cache) return { note: '', parameters: [], headers: {} };
  return {
    note: ` Answers are cached for up to ${cache.ttl} s, per rule context, and end at once when data they read changes (\`X-Cache\`).`,
    parameters: [structuredClone(CACHE_CONTROL_PARAMETER)],
    headers: structuredClone(X_CACHE_HEADER),
  };
}

/**
 * What each operation can answer besides success. None is rate limited (only sign-in and the
 * like are, see libs/auth), so none documents a 429; 413 is a body over BODY_LIMIT_BYTES; 503
 * is DATABASE_UNAVAILABLE, during a restart or failover of PostgreSQL; 502 and 504 are a
 * before-write function hook that failed or ran out of time (bulk changes of hooked collections
 * are refused with a 400 instead).
 */
const ERRORS: Record<'list' | 'read' | 'write' | 'update' | 'bulkUpdate' | 'delete' | 'bulkDelete', ErrorStatus[]> = {
  list: [400, 401, 403, 404, 500, 503],
  read: [400, 401, 403, 404, 500, 503],
  write: [400, 401, 403, 404, 409, 413, 422, 500, 502, 503, 504],
  update: [400, 401, 403, 404, 409, 412, 413, 422, 500, 502, 503, 504],
  bulkUpdate: [400, 401, 403, 404, 409, 413, 422, 500, 503],
  delete: [400, 401, 403, 404, 409, 412, 500, 502, 503, 504],
  bulkDelete: [400, 401, 403, 404, 409, 500, 503],
};

function jsonResponse(description: string, schema: SchemaObject, withEtag = false): ResponseObject {
  const response: ResponseObject = { description, content: { [JSON_MEDIA_TYPE]: { schema } } };
  if (withEtag) response.headers = structuredClone(ETAG_HEADER);
  return response;
}

function jsonBody(description: string, schema: SchemaObject): RequestBodyObject {
  return { description, required: true, content: { [JSON_MEDIA_TYPE]: { schema } } };
}

/** A write's body: JSON, and in collections with file fields also a multipart form (docs/files.md). */
function writeBody(context: OperationContext, description: string, json: SchemaObject): RequestBodyObject {
  const body = jsonBody(description, json);
  if (writableFileFields(context.collection).length === 0) return body;
  body.content[FORM_MEDIA_TYPE] = {
    schema: schema(context, 'Form'),
    encoding: { [JSON_PART]: { contentType: JSON_MEDIA_TYPE } },
  };
  return body;
}

/** Writes of collections with file fields may also refuse a file's type (415). */
function writeErrors(context: OperationContext, errors: readonly ErrorStatus[]): ErrorStatus[] {
  return writableFileFields(context.collection).length === 0 ? [...errors] : [...errors, 415];
}

function operation(
  context: OperationContext,
  fields: Omit<OperationObject, 'tags' | 'security' | 'responses'>,
  responses: Record<string, ResponseObject | ReferenceObject>,
  errors: readonly ErrorStatus[],
): OperationObject {
  return {
    ...fields,
    tags: [context.tag],
    responses: { ...responses, ...errorResponseRefs(errors) },
    security: security(),
  };
}

function readParameters(context: OperationContext): (ParameterObject | ReferenceObject)[] {
  const expand = expandParameter(context.collection);
  return expand === null ? [fieldsParameter(context.collection)] : [fieldsParameter(context.collection), expand];
}

const schema = (context: OperationContext, kind: CollectionSchemaKind): SchemaObject =>
  schemaRef(collectionSchemaName(context.stem, kind));

export function listOperation(context: OperationContext): OperationObject {
  const { collection, stem, publicUrl } = context;
  const example = `${publicUrl}${collectionPaths(collection.name).list}?sort=-created_at&limit=20`;
  const cache = cacheParts(context);
  const page = jsonResponse('A page of records.', schema(context, 'ListResponse'));
  if (collection.cache) page.headers = cache.headers;
  return operation(
    context,
    {
      operationId: operationId(stem, 'list'),
      summary: `List ${collection.label} records`,
      description: `Records the caller may see, a page at a time: offset pagination with \`limit\` and \`offset\`, or keyset pagination with \`cursor\`. Example: \`GET ${example}\`${cache.note}`,
      parameters: [
        filterParameter(collection, false),
        sortParameter(collection),
        ...readParameters(context),
        ...[SHARED_PARAMETERS.limit, SHARED_PARAMETERS.offset, SHARED_PARAMETERS.cursor, SHARED_PARAMETERS.count].map(
          parameterRef,
        ),
        ...cache.parameters,
      ],
    },
    { '200': page },
    ERRORS.list,
  );
}

export function createOperation(context: OperationContext): OperationObject {
  const create = schema(context, 'Create');
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'create'),
      summary: `Create ${context.collection.label} records`,
      description: `One record, or an array of up to ${context.bulkCreateMax} created all-or-nothing in one transaction.`,
      requestBody: writeBody(context, 'A record, or an array of records (a multipart form holds one).', {
        oneOf: [create, { type: 'array', items: create, minItems: 1, maxItems: context.bulkCreateMax }],
      }),
    },
    {
      '201': jsonResponse('The created record, or the created records in request order.', {
        oneOf: [schema(context, 'RecordResponse'), schema(context, 'RecordsResponse')],
      }),
    },
    writeErrors(context, ERRORS.write),
  );
}

export function bulkUpdateOperation(context: OperationContext): OperationObject {
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'bulkUpdate'),
      summary: `Update the ${context.collection.label} records matching a filter`,
      description: 'Applies the same changes to every matching record the caller may update, in one transaction.',
      parameters: [filterParameter(context.collection, true)],
      requestBody: jsonBody('The changes.', schema(context, 'Update')),
    },
    { '200': jsonResponse('How many records changed.', schemaRef(SHARED_SCHEMAS.bulkUpdate)) },
    ERRORS.bulkUpdate,
  );
}

export function bulkDeleteOperation(context: OperationContext): OperationObject {
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'bulkDelete'),
      summary: `Delete the ${context.collection.label} records matching a filter`,
      description: 'Deletes every matching record the caller may delete, in one transaction.',
      parameters: [filterParameter(context.collection, true)],
    },
    { '200': jsonResponse('How many records were deleted.', schemaRef(SHARED_SCHEMAS.bulkDelete)) },
    ERRORS.bulkDelete,
  );
}

export function getOperation(context: OperationContext): OperationObject {
  const cache = cacheParts(context);
  const record = jsonResponse('The record.', schema(context, 'RecordResponse'), true);
  record.headers = { ...record.headers, ...cache.headers };
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'get'),
      summary: `Get a ${context.collection.label} record`,
      description: `The record with this id, when the collection's view rule lets the caller see it (otherwise 404). With \`If-None-Match\` holding its current ETag, the answer is 304 without a body.${cache.note}`,
      parameters: [...readParameters(context), parameterRef(SHARED_PARAMETERS.ifNoneMatch), ...cache.parameters],
    },
    {
      '200': record,
      '304': {
        description: 'Not modified: the `If-None-Match` ETag is current.',
        headers: { ...structuredClone(ETAG_HEADER), ...structuredClone(cache.headers) },
      },
    },
    ERRORS.read,
  );
}

export function updateOperation(context: OperationContext): OperationObject {
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'update'),
      summary: `Update a ${context.collection.label} record`,
      description: 'Changes only the fields given.',
      parameters: [parameterRef(SHARED_PARAMETERS.ifMatch)],
      requestBody: writeBody(context, 'The changes.', schema(context, 'Update')),
    },
    { '200': jsonResponse('The updated record.', schema(context, 'RecordResponse'), true) },
    writeErrors(context, ERRORS.update),
  );
}

export function replaceOperation(context: OperationContext): OperationObject {
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'replace'),
      summary: `Replace a ${context.collection.label} record`,
      description: 'Replaces the record with the body, which is validated like a new record.',
      parameters: [parameterRef(SHARED_PARAMETERS.ifMatch)],
      requestBody: writeBody(context, 'The whole record.', schema(context, 'Create')),
    },
    { '200': jsonResponse('The replaced record.', schema(context, 'RecordResponse'), true) },
    writeErrors(context, ERRORS.update),
  );
}

export function deleteOperation(context: OperationContext): OperationObject {
  return operation(
    context,
    {
      operationId: operationId(context.stem, 'delete'),
      summary: `Delete a ${context.collection.label} record`,
      description:
        "Deletes the record when the collection's delete rule allows it; with `If-Match`, only if it has not changed since it was read (412 otherwise). A relation to it with `onDelete: restrict` answers 409.",
      parameters: [parameterRef(SHARED_PARAMETERS.ifMatch)],
    },
    { '204': { description: 'Deleted.' } },
    ERRORS.delete,
  );
}
