// The messages between a process that invokes functions (the API or the worker) and a
// sandbox host process, over the IPC channel `child_process.fork` opens. Everything crossing
// it is JSON: a function's input and result, and the `ctx` calls it makes back to its caller.

/**
 * Versions whose code a host keeps. The pool forgets the oldest version it sent a host exactly
 * when the host does (both in the order the code was sent), so it knows when to send it again.
 */
export const KEPT_VERSIONS = 256;

/** What one invocation needs: the compiled module, its limits and its input. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly invocationId: string;
  /** Warm isolates are kept per function version: its id is the cache key. */
  readonly versionId: string;
  readonly functionName: string;
  /**
   * The deployed ESM module (one file, no imports); sent only the first time a host runs this
   * version, which keeps it by `versionId`.
   */
  readonly code?: string;
  readonly memoryMb: number;
  /** Wall time for the whole invocation, `ctx` calls included. */
  readonly timeoutMs: number;
  /** The `ctx` fields the function reads as data: request, event, caller, trigger. */
  readonly input: unknown;
}

/** A `ctx` call from inside the sandbox, answered by the invoking process. */
export interface BridgeCallMessage {
  readonly type: 'call';
  readonly invocationId: string;
  readonly callId: number;
  readonly op: string;
  readonly args: readonly unknown[];
}

export interface BridgeReplyMessage {
  readonly type: 'reply';
  readonly invocationId: string;
  readonly callId: number;
  readonly ok: boolean;
  readonly value?: unknown;
  /** For a refused or failed call: what the function's thrown error carries. */
  readonly error?: BridgeError;
}

/** A failed `ctx` call, as the function sees it: an Error with these properties. */
export interface BridgeError {
  readonly message: string;
  /** The HTTP status the same request to the REST API would get (records), or of the refusal. */
  readonly status?: number;
  readonly code?: string;
  readonly errors?: readonly unknown[];
}

/** What a `ctx` call answers inside the isolate: a value, or the error to throw. */
export type BridgeOutcome =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: BridgeError };

export type InvocationOutcome = 'ok' | 'rejected' | 'error' | 'timeout' | 'memory' | 'crashed';

/** What `ctx.reject(message, { status, errors })` was given, unchecked (the invoker checks it). */
export interface Rejection {
  readonly message: string;
  readonly status: unknown;
  readonly errors?: unknown;
}

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  /** Milliseconds since the invocation started. */
  readonly at: number;
}

export interface InvocationResult {
  readonly outcome: InvocationOutcome;
  /** The handler's return value (JSON), when the outcome is `ok`. */
  readonly value?: unknown;
  /** When the outcome is `rejected`. */
  readonly rejection?: Rejection;
  /** What went wrong, for any other outcome. */
  readonly error?: { readonly name: string; readonly message: string; readonly stack?: string };
  readonly logs: readonly LogEntry[];
  /** Logs dropped beyond the cap. */
  readonly logsDropped: number;
  readonly durationMs: number;
  readonly cpuMs: number;
  /** The isolate's used heap after the invocation, in bytes. */
  readonly memoryBytes: number;
  /** Whether the isolate was created for this invocation (a cold start). */
  readonly cold: boolean;
}

export interface ResultMessage {
  readonly type: 'result';
  readonly invocationId: string;
  readonly result: InvocationResult;
}

/**
 * V8 lost control of an isolate (out of memory in one huge allocation, say): the host process
 * ends right after sending this, and names the invocation whose isolate it was.
 */
export interface FatalMessage {
  readonly type: 'fatal';
  readonly invocationId: string | undefined;
  readonly message: string;
}

export type ToHostMessage = InvokeMessage | BridgeReplyMessage;
export type FromHostMessage = BridgeCallMessage | ResultMessage | FatalMessage;
