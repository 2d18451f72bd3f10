// Starts the API process: configuration first (a bad variable stops here with one line),
// then the app, then graceful shutdown on SIGTERM/SIGINT bounded by SHUTDOWN_TIMEOUT_MS.

import './v8-flags.js';
import 'reflect-metadata';
import { fileURLToPath } from 'node:url';
import { loadConfigOrExit } from '@stagecraft/config';
import { createApiApp } from './create-api-app.js';
import { ReadinessService } from './health/readiness.service.js';

/** The sandbox host built beside this file: found from any working directory. */
const SANDBOX_HOST = fileURLToPath(new URL('../../functions-host/src/main.js', import.meta.url));

async function main(): Promise<void> {
  process.env.FUNCTIONS_SANDBOX_ENTRY ??= SANDBOX_HOST;
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    app.getHttpAdapter().getInstance().log.info({ signal }, 'shutting down');
    // Readiness fails first (for SHUTDOWN_READINESS_DELAY_MS, so load balancers move on); then
    // realtime connections end with a reconnect hint and the server stops taking requests.
    app.get(ReadinessService).beginShutdown();
    // Past the bound, in-flight work is abandoned rather than holding the process forever.
    setTimeout(() => process.exit(1), config.shutdownReadinessDelayMs + config.shutdownTimeoutMs).unref();
    setTimeout(() => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    }, config.shutdownReadinessDelayMs);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  process.stderr.write(`Stagecraft API failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
