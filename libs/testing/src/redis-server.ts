// A private redis-server child for tests that stop and restart Redis, so the shared Redis
// other suites use is never disturbed.

import { spawn, type ChildProcess } from 'node:child_process';
import { createRedis } from '@stagecraft/redis';
import { freePort } from './processes.js';
import { waitFor } from './wait-for.js';

export interface PrivateRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function pings(url: string): Promise<boolean> {
  const client = createRedis(url, { lazyConnect: true, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const running = (): boolean => child !== undefined && child.exitCode === null && child.signalCode === null;

  const start = async (): Promise<void> => {
    if (running()) return;
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await waitFor(() => pings(url), Boolean, { what: `redis-server on ${port}` });
  };
  const stop = async (): Promise<void> => {
    const current = child;
    if (!current || !running()) return;
    await new Promise<void>((resolve) => {
      current.once('exit', () => resolve());
      current.kill('SIGKILL');
    });
  };
  await start();
  return { url, start, stop };
}
