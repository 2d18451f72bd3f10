// What a sandbox host writes to stdout or stderr goes into the API's log, one entry per write,
// instead of straight onto the API's own streams. V8 prints its multi-line out-of-memory report
// there when an isolate passes its cap; inherited, that raw text broke the API's JSON log lines
// (and made Jest's worker think it was the one out of memory).

import type { ChildProcess } from 'node:child_process';

/** Longest text one entry carries: a V8 report is a few hundred characters. */
const ENTRY_MAX_CHARS = 4000;

export interface HostOutputLog {
  warn(message: string): void;
}

/** Logs every write of `child` (forked with stdout and stderr piped) as one warning. */
export function logHostOutput(child: ChildProcess, log: HostOutputLog): void {
  const forward = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
    const text = chunk.toString('utf8').trim();
    if (text === '') return;
    const shown = text.length > ENTRY_MAX_CHARS ? `${text.slice(0, ENTRY_MAX_CHARS)}…` : text;
    log.warn(`Sandbox host ${child.pid ?? '?'} wrote to ${stream}: ${shown}`);
  };
  child.stdout?.on('data', forward('stdout'));
  child.stderr?.on('data', forward('stderr'));
}
