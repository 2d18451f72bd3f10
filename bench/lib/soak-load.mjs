// The soak's load: one wrk run (bench/wrk/soak.lua) for the whole soak, at a paced rate, whose
// per-request lines (sent at, latency, status, operation) are read back as the run goes, so
// every figure can be classified by when its request was sent.

import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = resolve(dirname(fileURLToPath(import.meta.url)), '../wrk/soak.lua');

/** Latency -1: no answer (the connection dropped); -2: an answer naming no request of ours. */
export const NO_ANSWER = -1;
export const UNMATCHED = -2;

/** After the last request is sent, wrk waits this long for the answers still on their way. */
export const GRACE_SECONDS = 5;

/**
 * Starts wrk, sending for `seconds`; `finished` resolves with its summary (WRK_JSON) once it
 * exits, GRACE_SECONDS later. A generous timeout: an answer that takes seconds during a fault is
 * a latency, not an error.
 */
export function startLoad({ url, rate, seconds, threads, connections, logDir, env }) {
  const sendUntil = Date.now() + seconds * 1000;
  const args = ['-t', String(threads), '-c', String(connections), '-d', `${seconds + GRACE_SECONDS}s`];
  args.push('--timeout', '30s');
  const child = spawn('wrk', [...args, '-s', SCRIPT, url], {
    env: {
      ...process.env,
      ...env,
      SOAK_RATE: String(rate),
      SOAK_THREADS: String(threads),
      SOAK_LOG_DIR: logDir,
      SOAK_SEND_UNTIL: String(sendUntil),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const finished = new Promise((done, fail) =>
    child.once('exit', (code) => {
      const line = /^WRK_JSON (.*)$/m.exec(output);
      if (code !== 0 || !line) fail(new Error(`wrk failed (exit ${code}):\n${output}`));
      else done(JSON.parse(line[1]));
    }),
  );
  return {
    pid: child.pid,
    finished,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
  };
}

/**
 * Reads the thread logs of `logDir` from where it last stopped: each call returns the requests
 * logged since, as { sent (ms since the epoch), latencyMs (or NO_ANSWER), status, op, byBalancer }.
 */
export function requestLogReader(logDir) {
  const offsets = new Map();
  const partial = new Map();
  return function readNew() {
    const out = [];
    if (!existsSync(logDir)) return out;
    for (const name of readdirSync(logDir).filter((file) => file.endsWith('.log'))) {
      const path = join(logDir, name);
      const from = offsets.get(name) ?? 0;
      const size = statSync(path).size;
      if (size <= from) continue;
      const buffer = Buffer.alloc(size - from);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, buffer, 0, buffer.length, from);
      } finally {
        closeSync(fd);
      }
      offsets.set(name, size);
      const text = (partial.get(name) ?? '') + buffer.toString('utf8');
      const end = text.lastIndexOf('\n');
      partial.set(name, text.slice(end + 1));
      for (const line of text.slice(0, end).split('\n')) {
        const [sent, latency, status, op, by] = line.split(' ');
        const latencyUs = Number(latency);
        out.push({
          sent: Number(sent),
          latencyMs: latencyUs >= 0 ? latencyUs / 1000 : latencyUs,
          status: Number(status),
          op,
          byBalancer: by === 'b',
        });
      }
    }
    return out;
  };
}
