// GraphQL (docs/graphql.md): `query` sends a query or mutation to /api/v1/graphql with the
// client's credentials, and returns its `data`; an answer with errors throws StagecraftError
// with the first error's REST code and status, every error and any partial data kept on the
// problem. Subscriptions use a graphql-ws client: `subscriptionsUrl` and `connectionParams`
// give it the route and this client's current credentials.

import type { Credentials, Http } from './http.js';
import { errorOf, StagecraftError, type FieldProblem } from './problem.js';

export interface GraphqlOptions {
  readonly variables?: Readonly<Record<string, unknown>>;
  readonly operationName?: string;
  readonly signal?: AbortSignal;
}

/** One error of a GraphQL answer, as the server formats it. */
export interface GraphqlErrorEntry {
  readonly message: string;
  readonly path?: readonly (string | number)[];
  readonly extensions?: { readonly code?: string; readonly status?: number; readonly errors?: readonly FieldProblem[] };
}

interface GraphqlAnswer<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphqlErrorEntry[];
}

const PATH = '/api/v1/graphql';

/** The error an answer with errors stands for: the first error's code, all of them in `graphqlErrors`. */
function errorOfAnswer(answer: GraphqlAnswer<unknown>, status: number): StagecraftError {
  const errors = answer.errors ?? [];
  const first = errors[0];
  const code = first?.extensions?.code ?? 'GRAPHQL_ERROR';
  return new StagecraftError({
    type: `urn:stagecraft:problem:${code.toLowerCase().replace(/_/g, '-')}`,
    title: code,
    status: first?.extensions?.status ?? (status === 200 ? 400 : status),
    detail: first?.message ?? 'The GraphQL answer has errors.',
    code,
    errors: first?.extensions?.errors ?? [],
    graphqlErrors: errors,
    data: answer.data ?? null,
  });
}

export class Graphql {
  constructor(
    private readonly http: Http,
    private readonly credentials: Credentials,
  ) {}

  /** Runs a query or mutation; its `data`, or a StagecraftError. */
  async query<T = Record<string, unknown>>(document: string, options: GraphqlOptions = {}): Promise<T> {
    const response = await this.http.send('POST', PATH, {
      body: { query: document, variables: options.variables ?? {}, operationName: options.operationName },
      headers: { accept: 'application/graphql-response+json, application/json;q=0.9' },
      signal: options.signal,
    });
    const type = response.headers.get('content-type') ?? '';
    // A refusal before GraphQL runs (a bad token, a rate limit) is a problem document.
    if (!/graphql-response\+json|application\/json/i.test(type)) throw await errorOf(response);
    const answer = (await response.json()) as GraphqlAnswer<T>;
    if (answer.errors?.length || !response.ok) throw errorOfAnswer(answer, response.status);
    return answer.data as T;
  }

  /** Where a graphql-ws client connects for subscriptions. */
  get subscriptionsUrl(): string {
    return this.http.url(`${PATH}/ws`).replace(/^http/, 'ws');
  }

  /**
   * The connection_init payload for a graphql-ws client: the credentials this client would send
   * now (a session's access token, refreshed when due, or the API key). Pass the function as
   * `connectionParams`, so each reconnect signs in afresh.
   */
  async connectionParams(): Promise<Record<string, string>> {
    const headers = await this.credentials.headers();
    if (headers['x-api-key'] !== undefined) return { apiKey: headers['x-api-key'] };
    return headers.authorization === undefined ? {} : { authorization: headers.authorization };
  }
}
