// What every static operation answers that its decorators need not repeat: each error response
// carries the problem document (one exception filter answers every error with it), a 429 its
// Retry-After, any operation may fail unexpectedly with a 500 problem, and one that reads or
// writes the database may answer 503 DATABASE_UNAVAILABLE during a restart or failover.
// Returns a new document.
import type { MergeableOpenApiDocument } from './merge-openapi.js';
import { responseRef } from './names.js';
import {
  DATABASE_UNAVAILABLE_RESPONSE,
  INTERNAL_ERROR_RESPONSE,
  problemContent,
  retryAfterHeader,
} from './problem-components.js';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** What a path item may hold besides its operations. */
const PATH_ITEM_FIELDS: ReadonlySet<string> = new Set(['$ref', 'summary', 'description', 'servers', 'parameters']);
const OPENAPI_KEYS: ReadonlySet<string> = new Set([...METHODS, ...PATH_ITEM_FIELDS]);

interface Response {
  $ref?: string;
  content?: object;
  headers?: Record<string, object>;
}

type Operation = { responses?: Record<string, Response> } & Record<string, unknown>;

const isError = (status: string): boolean => /^[45]/.test(status);

/** Routes answered without the database: liveness, the process's own metrics and the API index. */
const DATABASE_FREE_PATHS: ReadonlySet<string> = new Set(['/health/live', '/metrics', '/api/v1']);

function completeResponse(status: string, response: Response): Response {
  if (response.$ref !== undefined || !isError(status)) return response;
  const completed: Response = { ...response, content: response.content ?? problemContent() };
  if (status === '429' && completed.headers?.['Retry-After'] === undefined) {
    completed.headers = { ...completed.headers, 'Retry-After': retryAfterHeader() };
  }
  return completed;
}

function completeOperation(path: string, operation: Operation): Operation {
  const responses = Object.fromEntries(
    Object.entries(operation.responses ?? {}).map(([status, response]) => [status, completeResponse(status, response)]),
  );
  responses['500'] ??= responseRef(INTERNAL_ERROR_RESPONSE);
  if (!DATABASE_FREE_PATHS.has(path)) responses['503'] ??= responseRef(DATABASE_UNAVAILABLE_RESPONSE);
  return { ...operation, responses };
}

export function completeStaticOperations<D extends MergeableOpenApiDocument>(document: D): D {
  const paths: Record<string, object> = {};
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    // Nest documents an @All() route (a function's HTTP trigger) under every method it knows,
    // `search` among them, which OpenAPI has not: only OpenAPI's own keys are kept.
    const completed: Record<string, unknown> = Object.fromEntries(
      Object.entries(item).filter(([key]) => OPENAPI_KEYS.has(key)),
    );
    for (const method of METHODS) {
      const operation = completed[method] as Operation | undefined;
      if (operation !== undefined) completed[method] = completeOperation(path, operation);
    }
    paths[path] = completed;
  }
  return structuredClone({ ...document, paths });
}
