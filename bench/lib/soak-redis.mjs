// The soak's own redis-server on a free loopback port, so that restarting it mid-run disturbs
// no one else's Redis. It writes no snapshots while it runs; a restart saves on shutdown (like
// a Redis with persistence) unless `keepData` is false, when the restart also wipes it.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './processes.mjs';

/** One PING over a fresh connection: true when the answer is PONG within a second. */
function ping(port) {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => finish(chunk.toString().startsWith('+PONG')));
  });
}

/** Sends one command and waits for the server to close the connection (SHUTDOWN does). */
function shutdown(port, mode) {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => socket.write(`SHUTDOWN ${mode}\r\n`));
    socket.once('error', () => done());
    socket.once('close', () => done());
  });
}

export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-soak-redis-'));
  let child;
  let output = '';

  const launch = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (chunk) => (output = `${output}${chunk.toString()}`.slice(-8000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const deadline = Date.now() + 10_000;
    while (!(await ping(port))) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start:\n${output}`);
      await sleep(50);
    }
  };

  const stop = async (mode) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    await shutdown(port, mode);
    const timer = globalThis.setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    globalThis.clearTimeout(timer);
  };

  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    pid: () => child.pid,
    /** Stops the server, leaves it down `downMs`, starts it again on the same port. */
    async restart({ downMs, keepData }) {
      await stop(keepData ? 'SAVE' : 'NOSAVE');
      await sleep(downMs);
      await launch();
    },
    async stop() {
      await stop('NOSAVE');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
