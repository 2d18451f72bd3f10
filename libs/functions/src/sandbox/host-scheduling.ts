// Moves sandbox hosts between Linux's normal and idle scheduling classes with chrt(1)
// (util-linux). A nice value only weighs a spinning host down; in the idle class
// (SCHED_IDLE) it runs only on CPU that nothing else wants, and a waking API or host
// preempts it at once. Node has no binding for sched_setscheduler, so chrt does it; but
// starting a process from the API blocks its event loop for as long as the kernel takes to
// copy its page tables (3–4 ms at 250 MB), which is itself a p99 spike. So one small shell,
// started once, runs chrt for us: the API only writes a line to its stdin.

import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

export type SchedulingClass = 'idle' | 'normal';

/** Reads `<policy> <pid>` lines and answers each with chrt's exit status, in order. */
const HELPER_SCRIPT =
  'while read policy pid; do chrt "$policy" --all-tasks --pid 0 "$pid" >/dev/null 2>&1; echo $?; done';

export class SchedulingClassSetter {
  private helper: ChildProcessByStdio<Writable, Readable, null> | undefined;
  /** Answers awaited, oldest first: the shell answers lines in the order it reads them. */
  private readonly waiting: ((status: string) => void)[] = [];
  private unread = '';

  /**
   * Puts every thread of `pid` in `schedulingClass`; threads it starts later inherit it.
   * Rejects when chrt is missing or the kernel refuses: leaving the idle class needs
   * CAP_SYS_NICE or an RLIMIT_NICE that allows the host's nice value.
   */
  set(pid: number, schedulingClass: SchedulingClass): Promise<void> {
    const helper = this.helper ?? this.start();
    return new Promise((resolve, reject) => {
      this.waiting.push((status) =>
        status === '0' ? resolve() : reject(new Error(`chrt ended with status ${status}`)),
      );
      helper.stdin.write(`${schedulingClass === 'idle' ? '--idle' : '--other'} ${pid}\n`);
    });
  }

  close(): void {
    this.helper?.kill();
    this.helper = undefined;
  }

  private start(): ChildProcessByStdio<Writable, Readable, null> {
    const helper = spawn('/bin/sh', ['-c', HELPER_SCRIPT], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.helper = helper;
    helper.stdout.setEncoding('utf8');
    helper.stdout.on('data', (chunk: string) => {
      this.unread += chunk;
      let end: number;
      while ((end = this.unread.indexOf('\n')) >= 0) {
        const status = this.unread.slice(0, end).trim();
        this.unread = this.unread.slice(end + 1);
        this.waiting.shift()?.(status);
      }
    });
    const gone = () => {
      if (this.helper === helper) this.helper = undefined;
      for (const answer of this.waiting.splice(0)) answer('the scheduling helper stopped');
    };
    helper.on('exit', gone);
    helper.on('error', gone);
    helper.stdin.on('error', () => undefined); // reported through 'exit'
    // The helper must not keep the process alive on its own (its pipes are sockets).
    helper.unref();
    (helper.stdin as Socket).unref();
    (helper.stdout as Socket).unref();
    return helper;
  }
}
