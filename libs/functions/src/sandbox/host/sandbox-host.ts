// A sandbox host process (started by SandboxPool with `fork`): takes invocations over IPC,
// runs each in an isolate, forwards the function's `ctx` calls to the process that invoked it
// and sends the result back. It holds no credentials and reaches nothing but its parent.

import {
  KEPT_VERSIONS,
  type BridgeCallMessage,
  type BridgeOutcome,
  type BridgeReplyMessage,
  type FromHostMessage,
  type InvokeMessage,
  type ToHostMessage,
} from '../protocol.js';
import type ivm from 'isolated-vm';
import { IsolateCache } from './isolate-cache.js';
import { runInvocation } from './isolate-runner.js';

type PendingCall = (outcome: BridgeOutcome) => void;

export function runSandboxHost(): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the sandbox host must be started by the sandbox pool (no IPC channel)');
  const post = (message: FromHostMessage): void => {
    send(message);
  };
  /** Which invocation each busy isolate runs, to name it when V8 gives up on the isolate. */
  const running = new Map<ivm.Isolate, string>();
  const cache = new IsolateCache({
    maxIdle: Number(process.env.SANDBOX_MAX_IDLE_ISOLATES ?? 64),
    idleMs: Number(process.env.SANDBOX_IDLE_MS ?? 300_000),
    onCatastrophicError: (isolate, message) => {
      // isolated-vm: nothing of the process can be trusted now; say which invocation, then end.
      send({ type: 'fatal', invocationId: running.get(isolate), message } satisfies FromHostMessage, () =>
        process.abort(),
      );
    },
  });
  const calls = new Map<string, PendingCall>();
  /** Code by version: the pool sends a version's code once per host. */
  const codes = new Map<string, string>();
  let nextCallId = 1;

  const bridgeFor =
    (invocationId: string) =>
    (op: string, args: readonly unknown[]): Promise<BridgeOutcome> => {
      const callId = nextCallId++;
      return new Promise((resolve) => {
        calls.set(`${invocationId}:${callId}`, resolve);
        const message: BridgeCallMessage = { type: 'call', invocationId, callId, op, args };
        post(message);
      });
    };

  const invoke = async (message: InvokeMessage): Promise<void> => {
    if (message.code !== undefined) {
      codes.set(message.versionId, message.code);
      // The pool forgets the same version at the same time (protocol.ts).
      if (codes.size > KEPT_VERSIONS) codes.delete(codes.keys().next().value as string);
    }
    const code = codes.get(message.versionId);
    if (code === undefined) throw new Error(`no code for version ${message.versionId}`);
    const lease = cache.lease(message.versionId, message.memoryMb);
    running.set(lease.isolate, message.invocationId);
    try {
      const result = await runInvocation({ ...message, code }, lease, bridgeFor(message.invocationId));
      post({ type: 'result', invocationId: message.invocationId, result });
    } finally {
      running.delete(lease.isolate);
      cache.release(lease);
      for (const key of calls.keys()) {
        if (key.startsWith(`${message.invocationId}:`)) calls.delete(key);
      }
    }
  };

  const reply = (message: BridgeReplyMessage): void => {
    const key = `${message.invocationId}:${message.callId}`;
    const pending = calls.get(key);
    if (!pending) return; // the invocation already ended
    calls.delete(key);
    pending(
      message.ok
        ? { ok: true, value: message.value }
        : { ok: false, error: message.error ?? { message: 'the call failed' } },
    );
  };

  process.on('message', (message: ToHostMessage) => {
    if (message.type === 'invoke') void invoke(message);
    else reply(message);
  });
  // One invocation's stray promise must not end the host and every invocation on it.
  process.on('unhandledRejection', (reason) => {
    process.stderr.write(
      `sandbox host: unhandled rejection: ${reason instanceof Error ? reason.message : String(reason)}\n`,
    );
  });
  // The parent going away (even SIGKILLed) closes the channel: nothing is left to serve.
  process.on('disconnect', () => {
    cache.close();
    process.exit(0);
  });
}
