// The RFC 9457 problem document every error answers with, and one shared response per error
// status, so each operation lists its errors as `$ref`s instead of repeating them. The problem's
// text is written by the server, never read from a request, so its strings carry no bounds.
import type { HeaderObject, ReferenceObject, ResponseObject, SchemaObject } from './openapi-types.js';
import { responseRef, schemaRef } from './names.js';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';
export const PROBLEM_SCHEMA = 'Problem';
const FIELD_ERROR_SCHEMA = 'ProblemFieldError';

export function problemSchemas(): Record<string, SchemaObject> {
  return {
    [PROBLEM_SCHEMA]: {
      type: 'object',
      description: 'An RFC 9457 problem document.',
      required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
      properties: {
        type: {
          type: 'string',
          format: 'uri',
          description: 'A stable URI per code (`urn:stagecraft:problem:<code>`).',
        },
        title: { type: 'string', description: 'The HTTP status text.' },
        status: { type: 'integer', format: 'int32', minimum: 400, maximum: 599 },
        detail: { type: 'string', description: 'What went wrong in this request.' },
        code: {
          type: 'string',
          description:
            'A stable error code, e.g. `VALIDATION_FAILED`, `UNIQUE_VIOLATION`, `NOT_FOUND`, `PRECONDITION_FAILED`, `RATE_LIMITED`.',
        },
        requestId: { type: 'string', description: 'Also written to the server logs.' },
        errors: {
          type: 'array',
          items: schemaRef(FIELD_ERROR_SCHEMA),
          description: 'Present when fields are at fault.',
        },
      },
    },
    [FIELD_ERROR_SCHEMA]: {
      type: 'object',
      required: ['field', 'code', 'message'],
      properties: {
        field: { type: 'string', description: 'The field at fault, e.g. `title` or `items[2].qty`.' },
        code: { type: 'string' },
        message: { type: 'string' },
      },
    },
  };
}

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 422 | 500 | 502 | 503 | 504;

interface ErrorResponseSpec {
  status: ErrorStatus;
  component: string;
  title: string;
  code: string;
  description: string;
  example: { detail: string; errors?: { field: string; code: string; message: string }[] };
  /** The answer carries Retry-After. */
  retryAfter?: true;
}

const ERROR_STATUSES: readonly ErrorResponseSpec[] = [
  {
    status: 400,
    component: 'ProblemBadRequest',
    title: 'Bad Request',
    code: 'VALIDATION_FAILED',
    description: 'The request is invalid: a bad body, filter, sort, expand or limit.',
    example: {
      detail: 'The request is invalid: check title.',
      errors: [{ field: 'title', code: 'maxLength', message: 'Title must be at most 120 characters long.' }],
    },
  },
  {
    status: 401,
    component: 'ProblemUnauthorized',
    title: 'Unauthorized',
    code: 'UNAUTHORIZED',
    description: 'Credentials are missing, invalid or expired, and the rule does not allow anonymous callers.',
    example: { detail: 'Sign in to list records of "posts".' },
  },
  {
    status: 403,
    component: 'ProblemForbidden',
    title: 'Forbidden',
    code: 'FORBIDDEN',
    description: "The collection's rule does not allow this caller to perform this action.",
    example: { detail: 'You may not update records of "posts".' },
  },
  {
    status: 404,
    component: 'ProblemNotFound',
    title: 'Not Found',
    code: 'NOT_FOUND',
    description: 'No such collection, or no record the caller may see with this id.',
    example: { detail: 'No record 0190e0a4-5b1c-7d2e-8f3a-4b5c6d7e8f90 in "posts".' },
  },
  {
    status: 409,
    component: 'ProblemConflict',
    title: 'Conflict',
    code: 'UNIQUE_VIOLATION',
    description: 'A unique field already holds this value; `errors` names the field.',
    example: {
      detail: 'Another record already has this email.',
      errors: [{ field: 'email', code: 'unique', message: 'Email must be unique; another record has this value.' }],
    },
  },
  {
    status: 412,
    component: 'ProblemPreconditionFailed',
    title: 'Precondition Failed',
    code: 'PRECONDITION_FAILED',
    description: 'The `If-Match` version is stale: the record changed since it was read.',
    example: { detail: 'The record changed since version 3; it is now at version 4.' },
  },
  {
    status: 413,
    component: 'ProblemPayloadTooLarge',
    title: 'Payload Too Large',
    code: 'PAYLOAD_TOO_LARGE',
    description: 'The body is larger than BODY_LIMIT_BYTES, or a file larger than its field’s `maxSize`.',
    example: { detail: 'The request body is larger than the server accepts.' },
  },
  {
    status: 415,
    component: 'ProblemUnsupportedMediaType',
    title: 'Unsupported Media Type',
    code: 'UNSUPPORTED_MEDIA_TYPE',
    description: 'The body is not JSON or a multipart form, or a file’s content is not among its field’s `mimeTypes`.',
    example: {
      detail: 'Cover accepts image/*; the content of this file is text/plain.',
      errors: [{ field: 'cover', code: 'mimeTypes', message: 'Cover does not accept text/plain.' }],
    },
  },
  {
    status: 422,
    component: 'ProblemUnprocessableEntity',
    title: 'Unprocessable Entity',
    code: 'UNPROCESSABLE_ENTITY',
    description: 'Well-formed, but not applicable, e.g. a relation naming a record that does not exist.',
    example: {
      detail: 'The request cannot be applied.',
      errors: [{ field: 'author', code: 'not_found', message: 'Author must reference an existing record.' }],
    },
  },
  {
    status: 500,
    component: 'ProblemInternalError',
    title: 'Internal Server Error',
    code: 'INTERNAL_ERROR',
    description:
      'An unexpected failure: a bug, logged with the `requestId` (quote it when reporting). No stack trace or SQL is sent.',
    example: { detail: 'An unexpected error occurred. The request id identifies it in the logs.' },
  },
  {
    status: 502,
    component: 'ProblemFunctionFailed',
    title: 'Bad Gateway',
    code: 'FUNCTION_FAILED',
    description:
      'A before-write function hook of the collection failed (threw, or returned something other than values); ' +
      'nothing was written. `invocation_id` names its log entry. A hook that refuses the write with ' +
      '`ctx.reject` answers its own 4xx, `FUNCTION_REJECTED`.',
    example: {
      detail: 'The before-write hook "no-overlap" of "bookings" failed; its invocation log has the details.',
    },
  },
  {
    status: 504,
    component: 'ProblemFunctionTimeout',
    title: 'Gateway Timeout',
    code: 'FUNCTION_TIMEOUT',
    description:
      'A before-write function hook of the collection ran longer than FUNCTIONS_HOOK_TIMEOUT_MS; nothing was written.',
    example: {
      detail: 'The before-write hook "no-overlap" of "bookings" ran out of time; its invocation log has the details.',
    },
  },
  {
    status: 503,
    component: 'ProblemDatabaseUnavailable',
    title: 'Service Unavailable',
    code: 'DATABASE_UNAVAILABLE',
    description:
      'The database cannot be reached right now (a restart or a failover); try again after `Retry-After` seconds. ' +
      'A change answered this way may or may not have been saved, as the detail says: read before repeating it.',
    example: {
      detail: 'The database is unavailable right now (its connection failed); nothing was changed. Try again shortly.',
    },
    retryAfter: true,
  },
];

/** Seconds to wait, on a 429 (see RateLimiterService in libs/auth). */
export function retryAfterHeader(): HeaderObject {
  return {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400 },
  };
}

function problemResponse(error: ErrorResponseSpec): ResponseObject {
  const response: ResponseObject = {
    description: error.description,
    ...(error.retryAfter ? { headers: { 'Retry-After': retryAfterHeader() } } : {}),
    content: {
      [PROBLEM_MEDIA_TYPE]: {
        schema: schemaRef(PROBLEM_SCHEMA),
        example: {
          type: `urn:stagecraft:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
          title: error.title,
          status: error.status,
          code: error.code,
          requestId: 'req-7f3a2c',
          ...error.example,
        },
      },
    },
  };
  return response;
}

export function problemResponses(): Record<string, ResponseObject> {
  return Object.fromEntries(ERROR_STATUSES.map((error) => [error.component, problemResponse(error)]));
}

/** The shared responses of the error statuses an operation can answer with, keyed by status. */
export function errorResponseRefs(statuses: readonly ErrorStatus[]): Record<string, ReferenceObject> {
  return Object.fromEntries(
    ERROR_STATUSES.filter((error) => statuses.includes(error.status)).map((error) => [
      String(error.status),
      responseRef(error.component),
    ]),
  );
}

/** The problem document as a response's content, for error responses described elsewhere. */
export function problemContent(): NonNullable<ResponseObject['content']> {
  return { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef(PROBLEM_SCHEMA) } };
}

export const INTERNAL_ERROR_RESPONSE = 'ProblemInternalError';
/** Any operation that touches the database can answer this 503 during a restart or failover. */
export const DATABASE_UNAVAILABLE_RESPONSE = 'ProblemDatabaseUnavailable';
