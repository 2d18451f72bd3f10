// Runs one invocation in an isolated-vm isolate: a fresh context per invocation (nothing a
// caller leaves on globalThis or a prototype reaches the next one), the function's module
// instantiated with no imports, and `ctx` as its only way out. Memory is capped by the
// isolate's limit; wall time by disposing the isolate, which stops even `while (true) {}`.

import ivm from 'isolated-vm';
import type { BridgeOutcome, InvocationResult, InvokeMessage, LogEntry } from '../protocol.js';
import { CTX_BOOTSTRAP } from './ctx-bootstrap.js';
import type { IsolateLease } from './isolate-cache.js';

/** Log lines kept per invocation, and characters per line. */
export const LOG_LINES_MAX = 200;
export const LOG_LINE_MAX_CHARS = 2000;
/** The handler's result, as JSON, at most this long. */
export const RESULT_MAX_CHARS = 6 * 1024 * 1024;

export type BridgeCall = (op: string, args: readonly unknown[]) => Promise<BridgeOutcome>;

class LogBuffer {
  readonly entries: LogEntry[] = [];
  dropped = 0;
  constructor(private readonly startedAt: number) {}

  add(level: unknown, message: unknown): void {
    if (this.entries.length >= LOG_LINES_MAX) {
      this.dropped += 1;
      return;
    }
    const known = level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
    const text = String(message);
    this.entries.push({
      level: known,
      message: text.length > LOG_LINE_MAX_CHARS ? `${text.slice(0, LOG_LINE_MAX_CHARS)}…` : text,
      at: Math.round(performance.now() - this.startedAt),
    });
  }
}

/** The bootstrap, compiled once per isolate and run in each new context. */
const compiledBootstraps = new WeakMap<ivm.Isolate, ivm.Script>();

function bootstrapOf(isolate: ivm.Isolate): ivm.Script {
  let bootstrap = compiledBootstraps.get(isolate);
  if (!bootstrap) {
    bootstrap = isolate.compileScriptSync(CTX_BOOTSTRAP);
    compiledBootstraps.set(isolate, bootstrap);
  }
  return bootstrap;
}

function describe(error: unknown): { name: string; message: string; stack?: string } {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

export async function runInvocation(
  message: InvokeMessage & { readonly code: string },
  lease: IsolateLease,
  bridge: BridgeCall,
): Promise<InvocationResult> {
  const startedAt = performance.now();
  const { isolate } = lease;
  const cpuBefore = isolate.cpuTime;
  const logs = new LogBuffer(startedAt);
  // An object, not a let: the flag is set by the timer, which the type checker cannot see.
  const deadline = { passed: false };
  const timer = setTimeout(() => {
    deadline.passed = true;
    // Stops the running code wherever it is; the isolate is not reused.
    if (!isolate.isDisposed) isolate.dispose();
  }, message.timeoutMs);

  const finish = (
    outcome: InvocationResult['outcome'],
    extra: Pick<InvocationResult, 'value' | 'error' | 'rejection'>,
  ): InvocationResult => {
    clearTimeout(timer);
    let cpuMs = 0;
    let memoryBytes = 0;
    if (!isolate.isDisposed) {
      cpuMs = Number(isolate.cpuTime - cpuBefore) / 1e6;
      memoryBytes = isolate.getHeapStatisticsSync().used_heap_size;
    }
    return {
      outcome,
      ...extra,
      logs: logs.entries,
      logsDropped: logs.dropped,
      durationMs: performance.now() - startedAt,
      cpuMs,
      memoryBytes,
      cold: lease.cold,
    };
  };

  let context: ivm.Context | undefined;
  // Every handle into the context, released with it: a handle left to the host's own garbage
  // collector keeps the whole context (megabytes of the isolate's heap) alive until that runs.
  const handles: { release(): void }[] = [];
  const held = <T extends { release(): void }>(handle: T): T => {
    handles.push(handle);
    return handle;
  };
  try {
    // Setting up is synchronous: each async isolated-vm call is a hand-off to the isolate's
    // thread and back, and a warm invocation is mostly set-up. Only the handler runs async, so
    // its `ctx` calls can reach the main thread. Module top-level code is under the timeout too.
    context = (await lease.spareContext?.catch(() => undefined)) ?? isolate.createContextSync();
    // Resolves with JSON of a BridgeOutcome: never rejects, so an error keeps its status and code.
    const call = held(
      new ivm.Reference(async (op: string, argsJson: string) =>
        JSON.stringify(await bridge(op, JSON.parse(argsJson) as unknown[])),
      ),
    );
    const log = new ivm.Callback((level: unknown, text: unknown) => logs.add(level, text), { ignored: true });
    const makeRunner = held(bootstrapOf(isolate).runSync(context, { reference: true }));
    const input = new ivm.ExternalCopy(message.input).copyInto({ release: true });
    const runWithCtx = held(makeRunner.applySync(undefined, [call, log, input], { result: { reference: true } }));
    const module = held(isolate.compileModuleSync(message.code, { filename: `function:${message.functionName}` }));
    module.instantiateSync(context, (specifier) => {
      throw new Error(`functions cannot import modules ("${specifier}"): bundle what you need into the source`);
    });
    module.evaluateSync({ timeout: message.timeoutMs });
    const handler = held(held(module.namespace).getSync('default', { reference: true }));
    if (handler.typeof !== 'function') {
      return finish('error', {
        error: { name: 'TypeError', message: 'the module has no default export that is a function' },
      });
    }
    const json = (await runWithCtx.apply(undefined, [handler.derefInto()], {
      result: { promise: true, copy: true },
      timeout: message.timeoutMs,
    })) as string;
    if (json.length > RESULT_MAX_CHARS) {
      return finish('error', {
        error: { name: 'RangeError', message: `the result is over ${RESULT_MAX_CHARS} characters of JSON` },
      });
    }
    const settled = JSON.parse(json) as { value?: unknown; rejection?: InvocationResult['rejection'] };
    if (settled.rejection) return finish('rejected', { rejection: settled.rejection });
    return finish('ok', { value: settled.value });
  } catch (error) {
    if (deadline.passed) {
      return finish('timeout', {
        error: { name: 'TimeoutError', message: `the function ran longer than ${message.timeoutMs} ms` },
      });
    }
    if (isolate.isDisposed) {
      // isolated-vm disposes an isolate that goes over its memory limit.
      return finish('memory', {
        error: { name: 'RangeError', message: `the function used more than ${message.memoryMb} MB of memory` },
      });
    }
    if (error instanceof Error && /Script execution timed out/.test(error.message)) {
      return finish('timeout', {
        error: { name: 'TimeoutError', message: `the function ran longer than ${message.timeoutMs} ms` },
      });
    }
    return finish('error', { error: describe(error) });
  } finally {
    if (!isolate.isDisposed) {
      for (const handle of handles) handle.release();
      context?.release();
    }
  }
}
