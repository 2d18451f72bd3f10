// What a PostgreSQL data directory's postmaster.pid says about the server using it: whether one
// runs, on which port (for CLI commands beside `npm start`), and stopping one left behind.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The pid and port in a data directory's postmaster.pid (lines 1 and 4), if it has one. */
export function readPidFile(dataDir: string): { pid: number; port: number } | undefined {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return { pid, port: Number(lines[3]) };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
}

/** The port of the PostgreSQL serving this data directory right now (as `npm start` runs it), if any. */
export function runningEmbeddedPostgresPort(dataDir: string): number | undefined {
  const found = readPidFile(resolve(dataDir));
  return found && isAlive(found.pid) && Number.isInteger(found.port) && found.port > 0 ? found.port : undefined;
}

/** Stops a server a killed run left on this data directory: it would hold the port silently. */
export function stopOrphan(dataDir: string): void {
  const pid = readPidFile(dataDir)?.pid;
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGINT'); // "fast shutdown": ends sessions, writes a checkpoint
  } catch {
    return; // not running: PostgreSQL ignores a stale pid file on its own
  }
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  throw new Error(`An earlier PostgreSQL (pid ${pid}) still holds ${dataDir}; stop it and try again.`);
}
