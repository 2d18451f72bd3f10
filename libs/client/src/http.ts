// The request core every module goes through: URLs, JSON bodies, the caller's credentials, one
// retry with renewed credentials after a 401, and refusals turned into StagecraftError. Modules
// to come (functions, GraphQL) build on it the same way records and files do.

import { errorOf } from './problem.js';

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface RequestOptions {
  readonly query?: Query;
  /** Sent as JSON, unless it already is a body fetch takes as is (FormData, Blob, bytes, text). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** false: send no credentials (signing in, refreshing). */
  readonly auth?: boolean;
  readonly signal?: AbortSignal;
}

/** Who the requests are sent as: a session's bearer token, an API key, or nobody. */
export interface Credentials {
  headers(): Promise<Record<string, string>>;
  /** After a 401 to a request sent with `used`: whether new credentials are worth one retry. */
  renew(used: Readonly<Record<string, string>>): Promise<boolean>;
}

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Http {
  readonly baseUrl: string;
  url(path: string, query?: Query): string;
  /** The response as it came (refusals included), after the credentials and their renewal. */
  send(method: string, path: string, options?: RequestOptions): Promise<Response>;
  /** The JSON answer (undefined when there is none); a refusal throws StagecraftError. */
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
}

const isRawBody = (body: unknown): boolean =>
  typeof body === 'string' ||
  body instanceof ArrayBuffer ||
  ArrayBuffer.isView(body) ||
  (typeof Blob !== 'undefined' && body instanceof Blob) ||
  (typeof FormData !== 'undefined' && body instanceof FormData);

export function createHttp(
  baseUrl: string,
  credentials: Credentials,
  fetchImpl: FetchLike,
  headers: Readonly<Record<string, string>>,
): Http {
  const base = baseUrl.replace(/\/+$/, '');

  const url = (path: string, query: Query = {}): string => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value != null) search.append(key, String(value));
    const text = search.toString();
    return `${/^https?:/.test(path) ? '' : base}${path}${text ? `?${text}` : ''}`;
  };

  async function send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const { body } = options;
    const json = body !== undefined && !isRawBody(body);
    const attempt = async (auth: Record<string, string>): Promise<Response> =>
      fetchImpl(url(path, options.query), {
        method,
        headers: { ...headers, ...(json ? { 'content-type': 'application/json' } : {}), ...options.headers, ...auth },
        body: json ? JSON.stringify(body) : (body as RequestInit['body']),
        signal: options.signal,
      });
    const used = options.auth === false ? {} : await credentials.headers();
    const response = await attempt(used);
    if (response.status !== 401 || Object.keys(used).length === 0 || !(await credentials.renew(used))) return response;
    await response.body?.cancel();
    return attempt(await credentials.headers());
  }

  async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await send(method, path, {
      ...options,
      headers: { accept: 'application/json', ...options.headers },
    });
    if (!response.ok) throw await errorOf(response);
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return { baseUrl: base, url, send, request };
}
