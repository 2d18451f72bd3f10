// Security headers for every response, decided by helmet but computed once at start-up:
// helmet's middleware rebuilds the same headers (CSP string included) on every request,
// which cost about 5% of the API's CPU on a simple record read.

import helmet, { type HelmetOptions } from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';

export type StaticHeaders = Readonly<Record<string, string>>;

/** Runs helmet once against a stand-in response and keeps what it set. */
export function computeSecurityHeaders(options: HelmetOptions): StaticHeaders {
  const headers = new Map<string, string>();
  const response = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), Array.isArray(value) ? value.join(', ') : String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  } as unknown as ServerResponse;
  let failure: Error | undefined;
  helmet(options)({} as IncomingMessage, response, (error?: unknown) => {
    if (error !== undefined) failure = error instanceof Error ? error : new Error(JSON.stringify(error));
  });
  if (failure) throw failure;
  return Object.freeze(Object.fromEntries(headers));
}
