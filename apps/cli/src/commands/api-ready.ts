// Waits for the API that `stagecraft start` spawned to answer, and asks it (through the public
// setup-status route) whether the first admin is still to be created, for the start-up banner.

export interface ApiAnswer {
  /** Undefined when the API answered but not with the setup status. */
  readonly needsSetup: boolean | undefined;
}

/** The address to reach a server listening on `host`: a wildcard means this machine. */
export function localAddress(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Polls `GET /api/v1/auth/setup` until it answers 200, or `gaveUp()` says to stop (the API
 * exited, Stagecraft is stopping). Resolves undefined when it gave up.
 */
export async function waitForApi(
  baseUrl: string,
  gaveUp: () => boolean,
  intervalMs = 200,
): Promise<ApiAnswer | undefined> {
  while (!gaveUp()) {
    try {
      const response = await fetch(`${baseUrl}/api/v1/auth/setup`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) {
        const body = (await response.json()) as { needs_setup?: unknown };
        return { needsSetup: typeof body.needs_setup === 'boolean' ? body.needs_setup : undefined };
      }
    } catch {
      // not listening yet
    }
    await new Promise((wait) => setTimeout(wait, intervalMs));
  }
  return undefined;
}
