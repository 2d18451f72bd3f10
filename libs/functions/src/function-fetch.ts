// `ctx.fetch`: outbound HTTP for functions through the webhooks' SSRF guard (every address a
// host resolves to must be public, unless FUNCTIONS_FETCH_ALLOWED_NETWORKS says otherwise,
// and the address connected to is the one checked), to the hosts the function's settings
// allow. Redirects are followed by hand, at most five, each hop checked like the first.

import type { FullResponse, SafeHttpClient } from '@stagecraft/webhooks';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const REDIRECTS_MAX = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Set by the client for the connection, never by the function. */
const DROPPED_HEADERS = new Set(['host', 'content-length', 'connection', 'transfer-encoding', 'keep-alive', 'upgrade']);

export interface FetchInit {
  readonly method?: unknown;
  readonly headers?: unknown;
  readonly body?: unknown;
}

export interface FetchAnswer extends FullResponse {
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly redirected: boolean;
}

/** A refused or failed fetch: the function sees its message. */
export class FetchRefused extends Error {}

/** `example.com` matches itself only; `*.example.com` matches its subdomains. */
export function hostAllowed(hostname: string, allowed: readonly string[]): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((entry) => {
    const pattern = entry.toLowerCase();
    return pattern.startsWith('*.')
      ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1
      : host === pattern;
  });
}

function headersOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new FetchRefused('headers must be an object of strings');
  const headers: Record<string, string> = {};
  for (const [name, header] of Object.entries(value)) {
    if (DROPPED_HEADERS.has(name.toLowerCase())) continue;
    headers[name.toLowerCase()] = String(header);
  }
  return headers;
}

function bodyOf(value: unknown, headers: Record<string, string>): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  headers['content-type'] ??= 'application/json';
  return JSON.stringify(value);
}

export async function functionFetch(
  client: SafeHttpClient,
  url: string,
  init: FetchInit,
  allowedHosts: readonly string[],
  maxBytes: number,
): Promise<FetchAnswer> {
  let method = typeof init.method === 'string' ? init.method.toUpperCase() : 'GET';
  if (!METHODS.has(method)) throw new FetchRefused(`the method ${String(init.method)} is not supported`);
  const headers = headersOf(init.headers);
  let body = bodyOf(init.body, headers);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new FetchRefused(`"${url}" is not a URL`);
  }
  for (let hop = 0; ; hop += 1) {
    if (!hostAllowed(target.hostname, allowedHosts)) {
      throw new FetchRefused(
        `${target.hostname} is not in this function's allowed hosts${hop > 0 ? ' (reached by a redirect)' : ''}`,
      );
    }
    const outcome = await client.request(target.toString(), { method, headers, body, maxBytes });
    if (outcome.kind !== 'response') {
      throw new FetchRefused(`${outcome.kind === 'refused' ? 'refused' : 'failed'}: ${outcome.message}`);
    }
    const response = outcome.value;
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) {
      return { ...response, url: target.toString(), redirected: hop > 0 };
    }
    if (hop === REDIRECTS_MAX) throw new FetchRefused(`more than ${REDIRECTS_MAX} redirects`);
    target = new URL(location, target);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      delete headers['content-type'];
    }
  }
}
