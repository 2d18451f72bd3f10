// The parts of GraphQL over HTTP the endpoint does itself, exactly as graphql-http does them:
// which response type an Accept header gets, which requests are well-formed JSON POSTs, and
// the answer to an execution result. They let a query that runs compiled already skip
// graphql-http's per-request work (GraphqlService.answer); anything else goes to graphql-http.

import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Response } from 'graphql-http';

/** A header of graphql-http's request, whose headers are a plain object or have `get`. */
export function headerOf(headers: unknown, name: string): string | undefined {
  const withGet = headers as { get?: (name: string) => string | null | undefined };
  if (typeof withGet.get === 'function') return withGet.get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(',') : value;
}

const GRAPHQL_RESPONSE = 'application/graphql-response+json; charset=utf-8';
const JSON_RESPONSE = 'application/json; charset=utf-8';

/** Header values and what they decided; bounded, clients send few. */
class Decisions<T> {
  private readonly decided = new Map<string, T>();

  constructor(private readonly decide: (header: string) => T) {}

  of(header: string): T {
    let decision = this.decided.get(header);
    if (decision === undefined && !this.decided.has(header)) {
      decision = this.decide(header);
      if (this.decided.size >= 100) this.decided.clear();
      this.decided.set(header, decision);
    }
    return decision as T;
  }
}

/** graphql-http's negotiation: the first acceptable entry decides; none, and it answers 406. */
const responseTypes = new Decisions<string | undefined>((header) => {
  for (const entry of header.replace(/\s/g, '').toLowerCase().split(',')) {
    const [mediaType, ...params] = entry.split(';');
    const charset = params.find((param) => param.includes('charset=')) ?? 'charset=utf-8';
    if (mediaType === 'application/graphql-response+json' && charset === 'charset=utf-8') return GRAPHQL_RESPONSE;
    const json = mediaType === 'application/json' || mediaType === 'application/*' || mediaType === '*/*';
    if (json && (charset === 'charset=utf-8' || charset === 'charset=utf8')) return JSON_RESPONSE;
  }
  return undefined;
});

/** The content type graphql-http answers `accept` with, or undefined where it answers 406. */
export function responseTypeFor(accept: string | undefined): string | undefined {
  return responseTypes.of(accept || '*/*');
}

/** Whether graphql-http reads a POST with this Content-Type as JSON (else it answers 415). */
const jsonContentTypes = new Decisions<boolean>((header) => {
  const [mediaType, charset = 'charset=utf-8'] = header.replace(/\s/g, '').toLowerCase().split(';');
  return mediaType === 'application/json' && charset === 'charset=utf-8';
});

/** A request's GraphQL parameters. */
export interface OperationParams {
  readonly query: string;
  readonly variables: Record<string, unknown> | undefined;
  readonly operationName: string | undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The parameters of a POST whose JSON body graphql-http would accept as it is; undefined for
 * any other request, malformed ones included, which graphql-http then answers.
 */
export function wellFormedPost(
  method: string,
  contentType: string | undefined,
  body: unknown,
): OperationParams | undefined {
  if (method !== 'POST' || !jsonContentTypes.of(contentType ?? '') || !isObject(body)) return undefined;
  const { query, variables, operationName, extensions } = body;
  if (typeof query !== 'string') return undefined;
  if (variables !== undefined && variables !== null && !isObject(variables)) return undefined;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return undefined;
  if (extensions !== undefined && extensions !== null && !isObject(extensions)) return undefined;
  return { query, variables: variables ?? undefined, operationName: operationName ?? undefined };
}

/** What graphql-http answers for a result without errors, serialised without its replacer. */
export function successResponse(result: ExecutionResult, type: string): Response {
  return [JSON.stringify(result), { status: 200, statusText: 'OK', headers: { 'content-type': type } }];
}

/** graphql-http's replacer: an Error that is not a GraphQLError shows its message only. */
function errorsWithoutDetails(_key: string, value: unknown): unknown {
  return value instanceof Error && !(value instanceof GraphQLError) ? { message: value.message } : value;
}

/** What graphql-http answers for an execution result with errors, each formatted by `format`. */
export function resultResponse(
  result: ExecutionResult,
  type: string,
  format: (error: GraphQLError) => GraphQLError,
): Response {
  const formatted = result.errors ? { ...result, errors: result.errors.map(format) } : result;
  return [
    JSON.stringify(formatted, errorsWithoutDetails),
    { status: 200, statusText: 'OK', headers: { 'content-type': type } },
  ];
}
