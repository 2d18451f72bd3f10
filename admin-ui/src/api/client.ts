// The typed client of the public REST API (types generated from /api/docs/openapi.json) and the
// helper that turns openapi-fetch's `{ data, error }` into a value or a thrown ApiError.

import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './schema';
import { authMiddleware } from './auth-middleware';
import type { AuthSession } from './auth-session';
import { ApiError, toProblem } from './problem';

export type ApiClient = Client<paths>;

export interface ClientOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
}

export function createApiClient<P extends {}>(session: AuthSession, options: ClientOptions = {}): Client<P> {
  const client = createClient<P>({
    baseUrl: options.baseUrl ?? '',
    // Resolved per call, so tests can stub the global fetch after the client exists.
    fetch: options.fetch ?? ((request: Request) => globalThis.fetch(request)),
  });
  client.use(authMiddleware(session));
  return client;
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The body of a successful response, or an ApiError with the problem document. */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(toProblem(error, response));
  return data as T;
}

/** As `unwrap`, for operations the OpenAPI document leaves untyped (the schema engine's answers). */
export async function unwrapAs<T>(call: Promise<FetchResult<unknown>>): Promise<T> {
  return (await unwrap(call)) as T;
}
