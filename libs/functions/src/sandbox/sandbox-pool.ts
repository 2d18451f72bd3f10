// The supervised pool of sandbox host processes. Functions never run in the API's or the
// worker's own process: an invocation goes to the least busy host over IPC, and the host's
// `ctx` calls come back here to be answered with the caller's rights. A host that dies (a
// native crash, an out-of-memory kill) fails only its own invocations, as `crashed`, and the
// next invocation starts a new one. The hosts get no environment beyond what they need, so
// no credential of ours is ever in their memory.

import { getPriority, setPriority } from 'node:os';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { logHostOutput } from './host-output.js';
import { SchedulingClassSetter, type SchedulingClass } from './host-scheduling.js';
import { HIDDEN_GC_FLAG } from './host/idle-collection.js';
import {
  KEPT_VERSIONS,
  type BridgeCallMessage,
  type BridgeError,
  type BridgeReplyMessage,
  type FromHostMessage,
  type InvocationResult,
  type InvokeMessage,
} from './protocol.js';

export interface SandboxPoolOptions {
  /** The host's entry script (dist/apps/functions-host/src/main.js). */
  readonly entry: string;
  /** Host processes at most; they start on demand. */
  readonly processes: number;
  /** Idle warm isolates kept per host. */
  readonly maxIdleIsolates: number;
  /**
   * How much less CPU priority (nice) hosts get than this process: user code yields to the
   * API, the worker and PostgreSQL when CPU is short, so a function spinning at its cap slows
   * them less. Above 0, a host also drops to the idle scheduling class while it runs an
   * invocation past LONG_RUN_MS. 0: the same priority, always.
   */
  readonly nice: number;
}

export interface Invocation {
  readonly versionId: string;
  readonly functionName: string;
  readonly code: string;
  readonly memoryMb: number;
  readonly timeoutMs: number;
  readonly input: unknown;
  /** Answers the function's `ctx` calls (records, fetch, secrets); a throw is the call's error. */
  readonly bridge: (op: string, args: readonly unknown[]) => Promise<unknown>;
  /** What the function sees of an error the bridge threw. */
  readonly describeError: (error: unknown) => BridgeError;
}

/** A host that gives no result this long after an invocation's own timeout is killed. */
const HUNG_AFTER_MS = 5000;
/**
 * An invocation running longer than this counts as that many short ones when new work is
 * placed: a function spinning until its timeout (and the new isolate after it) keeps its host
 * busier than its one invocation says, so other functions go elsewhere.
 */
const LONG_RUN_MS = 50;
const LONG_RUN_WEIGHT = 8;
/** Versions whose last invocation ran long, remembered at most. */
const LONG_RUNNERS_KEPT = 256;

const isLong = (entry: InFlight, now: number) => entry.expectedLong || now - entry.startedAt > LONG_RUN_MS;

/** How busy a host is, for placing new work. */
function load(host: Host, now: number): number {
  let score = 0;
  for (const entry of host.inFlight.values()) score += isLong(entry, now) ? LONG_RUN_WEIGHT : 1;
  return score;
}

function runsLong(host: Host, now: number): boolean {
  for (const entry of host.inFlight.values()) if (isLong(entry, now)) return true;
  return false;
}

interface InFlight {
  readonly invocation: Invocation;
  readonly startedAt: number;
  /** Its version's last invocation ran long: it is weighed and scheduled as long from the start. */
  readonly expectedLong: boolean;
  readonly resolve: (result: InvocationResult) => void;
  readonly watchdog: NodeJS.Timeout;
  /** Fires at LONG_RUN_MS to move the host to the idle scheduling class. */
  readonly longRun: NodeJS.Timeout | undefined;
}

class Host {
  readonly inFlight = new Map<string, InFlight>();
  /** Versions whose code this host has been sent (it keeps them). */
  readonly knownVersions = new Set<string>();
  /** The invocation whose isolate V8 gave up on (out of memory), when the host said so before ending. */
  fatal: { invocationId: string | undefined; message: string } | undefined;
  schedulingClass: SchedulingClass = 'normal';
  /** Class changes, one after another, so a late `idle` never lands after its `normal`. */
  schedulingChanges: Promise<void> = Promise.resolve();
  /** Given no new work, and stopped once its invocations end. */
  retiring = false;
  constructor(readonly child: ChildProcess) {}
}

export class SandboxPool {
  private readonly logger = new Logger('Functions');
  private readonly hosts = new Set<Host>();
  /**
   * Versions whose last invocation ran past LONG_RUN_MS. A function that spins until its
   * timeout does so call after call, and each new call would otherwise start in the normal
   * class, on a new isolate, for LONG_RUN_MS.
   */
  private readonly longRunners = new Set<string>();
  private readonly scheduling = new SchedulingClassSetter();
  private closed = false;
  /** Cleared when chrt is missing or refused: hosts then keep their nice value alone. */
  private idleClassUsable: boolean;

  constructor(private readonly options: SandboxPoolOptions) {
    this.idleClassUsable = options.nice > 0;
  }

  invoke(invocation: Invocation): Promise<InvocationResult> {
    if (this.closed) return Promise.resolve(crashed(0, 'the sandbox pool is shut down'));
    const expectedLong = this.longRunners.has(invocation.versionId);
    const host = this.pickHost();
    const invocationId = randomUUID();
    return new Promise((resolve) => {
      const watchdog = setTimeout(() => {
        this.logger.error(`A sandbox host gave no result ${HUNG_AFTER_MS} ms after a timeout; restarting it`);
        // Answered here, whether or not the host is still there to report its exit.
        clearTimeout(host.inFlight.get(invocationId)?.longRun);
        host.inFlight.delete(invocationId);
        resolve(crashed(invocation.timeoutMs + HUNG_AFTER_MS, 'the sandbox process stopped answering'));
        host.child.kill('SIGKILL');
      }, invocation.timeoutMs + HUNG_AFTER_MS);
      let longRun: NodeJS.Timeout | undefined;
      if (expectedLong) this.demote(host);
      else if (this.idleClassUsable) longRun = setTimeout(() => this.demote(host), LONG_RUN_MS);
      const startedAt = performance.now();
      host.inFlight.set(invocationId, { invocation, startedAt, expectedLong, resolve, watchdog, longRun });
      const message: InvokeMessage = {
        type: 'invoke',
        invocationId,
        versionId: invocation.versionId,
        functionName: invocation.functionName,
        code: host.knownVersions.has(invocation.versionId) ? undefined : invocation.code,
        memoryMb: invocation.memoryMb,
        timeoutMs: invocation.timeoutMs,
        input: invocation.input,
      };
      host.child.send(message);
      if (message.code !== undefined) remember(host.knownVersions, invocation.versionId);
    });
  }

  /** Host processes running now. */
  get size(): number {
    return this.hosts.size;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.scheduling.close();
    await Promise.all(
      [...this.hosts].map(
        (host) =>
          new Promise<void>((done) => {
            if (host.child.exitCode !== null || host.child.signalCode !== null) return done();
            host.child.once('exit', () => done());
            host.child.kill('SIGKILL');
          }),
      ),
    );
  }

  private pickHost(): Host {
    const now = performance.now();
    let best: { host: Host; load: number } | undefined;
    for (const host of this.hosts) {
      // One whose channel closed is about to report its exit: not a place for new work.
      if (!host.child.connected || host.retiring) continue;
      const hostLoad = load(host, now);
      if (!best || hostLoad < best.load) best = { host, load: hostLoad };
    }
    if (best && (best.load === 0 || this.hosts.size >= this.options.processes)) return best.host;
    return this.startHost();
  }

  private startHost(): Host {
    const child = fork(this.options.entry, [], {
      execArgv: ['--no-node-snapshot', HIDDEN_GC_FLAG],
      env: {
        PATH: process.env.PATH,
        NODE_ENV: process.env.NODE_ENV,
        SANDBOX_MAX_IDLE_ISOLATES: String(this.options.maxIdleIsolates),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    logHostOutput(child, this.logger);
    if (child.pid !== undefined) this.lowerPriority(child.pid);
    const host = new Host(child);
    this.hosts.add(host);
    child.on('message', (message: FromHostMessage) => this.onMessage(host, message));
    child.once('exit', (code, signal) => this.onExit(host, code, signal));
    // A failed spawn reports through 'exit' too; an 'error' listener keeps it from throwing.
    child.on('error', (error) => this.logger.error(`Sandbox host error: ${error.message}`));
    return host;
  }

  /** Raises the host's nice value; the isolate threads it starts later inherit it. */
  private lowerPriority(pid: number): void {
    if (this.options.nice === 0) return;
    try {
      setPriority(pid, Math.min(19, getPriority() + this.options.nice));
    } catch (error) {
      this.logger.warn(`A sandbox host keeps its CPU priority: ${String(error)}`);
    }
  }

  private onMessage(host: Host, message: FromHostMessage): void {
    if (message.type === 'fatal') {
      host.fatal = { invocationId: message.invocationId, message: message.message };
      return;
    }
    const entry = host.inFlight.get(message.invocationId);
    if (!entry) return;
    if (message.type === 'result') {
      clearTimeout(entry.watchdog);
      clearTimeout(entry.longRun);
      host.inFlight.delete(message.invocationId);
      this.rememberLength(entry.invocation.versionId, performance.now() - entry.startedAt);
      entry.resolve(message.result);
      this.afterInvocation(host);
      return;
    }
    void this.answer(host, entry, message);
  }

  private rememberLength(versionId: string, durationMs: number): void {
    if (durationMs <= LONG_RUN_MS) {
      this.longRunners.delete(versionId);
      return;
    }
    this.longRunners.delete(versionId);
    this.longRunners.add(versionId);
    if (this.longRunners.size > LONG_RUNNERS_KEPT)
      this.longRunners.delete(this.longRunners.values().next().value as string);
  }

  /** A host running an invocation past LONG_RUN_MS gives the CPU to everything else. */
  private demote(host: Host): void {
    if (host.schedulingClass === 'idle' || !this.idleClassUsable || host.child.pid === undefined) return;
    const pid = host.child.pid;
    host.schedulingClass = 'idle';
    host.schedulingChanges = host.schedulingChanges.then(() =>
      this.scheduling.set(pid, 'idle').catch((error: unknown) => {
        host.schedulingClass = 'normal';
        if (!this.idleClassUsable) return;
        this.idleClassUsable = false;
        this.logger.warn(`Long-running functions keep their host’s nice value only: ${String(error)}`);
      }),
    );
  }

  /**
   * Back to the normal class once the long invocations end. Where that is not allowed (no
   * CAP_SYS_NICE and a low RLIMIT_NICE, as in many containers), the host is replaced and the
   * idle class is not used again: a new host per long invocation would cost more than it saves.
   */
  private afterInvocation(host: Host): void {
    if (host.retiring) {
      if (host.inFlight.size === 0) host.child.kill('SIGKILL');
      return;
    }
    if (host.schedulingClass !== 'idle' || runsLong(host, performance.now()) || host.child.pid === undefined) return;
    const pid = host.child.pid;
    host.schedulingClass = 'normal';
    host.schedulingChanges = host.schedulingChanges.then(() =>
      this.scheduling.set(pid, 'normal').catch((error: unknown) => {
        this.logger.warn(
          `A sandbox host may not leave the idle scheduling class (${String(error)}): it is replaced, ` +
            'and long-running functions keep their host’s nice value only from now on',
        );
        this.idleClassUsable = false;
        host.retiring = true;
        if (host.inFlight.size === 0) host.child.kill('SIGKILL');
      }),
    );
  }

  private async answer(host: Host, entry: InFlight, call: BridgeCallMessage): Promise<void> {
    let reply: BridgeReplyMessage;
    try {
      const value = await entry.invocation.bridge(call.op, call.args);
      reply = { type: 'reply', invocationId: call.invocationId, callId: call.callId, ok: true, value };
    } catch (error) {
      const described = entry.invocation.describeError(error);
      reply = { type: 'reply', invocationId: call.invocationId, callId: call.callId, ok: false, error: described };
    }
    if (host.inFlight.has(call.invocationId) && host.child.connected) host.child.send(reply);
  }

  private onExit(host: Host, code: number | null, signal: NodeJS.Signals | null): void {
    this.hosts.delete(host);
    if (host.inFlight.size > 0) {
      this.logger.error(
        `A sandbox host stopped (${signal ?? `exit code ${code}`}) with ${host.inFlight.size} invocation(s) running`,
      );
    }
    for (const [invocationId, entry] of host.inFlight) {
      clearTimeout(entry.watchdog);
      clearTimeout(entry.longRun);
      const durationMs = performance.now() - entry.startedAt;
      const culprit = host.fatal?.invocationId === invocationId;
      entry.resolve(
        culprit && /out.of.memory/i.test(host.fatal?.message ?? '')
          ? outOfMemory(durationMs, entry.invocation.memoryMb)
          : crashed(durationMs, `the sandbox process stopped (${culprit ? host.fatal?.message : (signal ?? code)})`),
      );
    }
    host.inFlight.clear();
  }
}

/** Adds a version, forgetting the oldest beyond KEPT_VERSIONS, as the host does. */
function remember(versions: Set<string>, versionId: string): void {
  versions.add(versionId);
  if (versions.size > KEPT_VERSIONS) versions.delete(versions.values().next().value as string);
}

function outOfMemory(durationMs: number, memoryMb: number): InvocationResult {
  return {
    ...crashed(durationMs, ''),
    outcome: 'memory',
    error: { name: 'RangeError', message: `the function used more than ${memoryMb} MB of memory` },
  };
}

function crashed(durationMs: number, message: string): InvocationResult {
  return {
    outcome: 'crashed',
    error: { name: 'SandboxError', message },
    logs: [],
    logsDropped: 0,
    durationMs,
    cpuMs: 0,
    memoryBytes: 0,
    cold: false,
  };
}
