// Calling functions: their HTTP trigger (`/functions/{name}/invoke[/path]`) with the client's
// credentials. A function's answer comes back as JSON when it is JSON and as text otherwise; a
// refusal (401/403 by its rule) or a failure (502 FUNCTION_FAILED, 504 FUNCTION_TIMEOUT, with
// `invocation_id` for the admin's log) throws StagecraftError.

import { errorOf } from './problem.js';
import type { Http, Query } from './http.js';

export interface InvokeOptions {
  /** POST by default. */
  readonly method?: string;
  /** After `/invoke`: the function sees it as `ctx.request.path`. */
  readonly path?: string;
  readonly query?: Query;
  /** Sent as JSON unless it is text, bytes, a Blob or FormData. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export class Functions {
  constructor(private readonly http: Http) {}

  async invoke<T = unknown>(name: string, options: InvokeOptions = {}): Promise<T> {
    const sub = options.path ? `/${options.path.replace(/^\/+/, '')}` : '';
    const response = await this.http.send(
      options.method ?? 'POST',
      `/api/v1/functions/${encodeURIComponent(name)}/invoke${sub}`,
      { query: options.query, body: options.body, headers: options.headers, signal: options.signal },
    );
    if (!response.ok) throw await errorOf(response);
    const text = await response.text();
    const json = /^application\/(?:[\w.+-]+\+)?json/i.test(response.headers.get('content-type') ?? '');
    return (json && text ? JSON.parse(text) : text) as T;
  }
}
