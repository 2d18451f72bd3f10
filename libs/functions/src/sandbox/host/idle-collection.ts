// Garbage collection between invocations. Every invocation gets a fresh context, about 25 KB
// of V8 heap that is garbage once it ends, so a busy isolate's heap climbs by megabytes and V8
// collects it with a mark-compact of several milliseconds, in whichever invocation happens to
// be running then: a warm call's p99 was that pause. An isolate going idle with a heap this
// large collects it right away, on its own thread, while it has nothing else to do.
//
// isolated-vm offers no way to start a collection, so the host runs with V8's gc() exposed
// under a name of ours (--expose-gc-as). V8 puts that function on every new context's global
// object; it is called only from a spare context before any user code has seen it, and the
// ctx bootstrap overwrites it (the property cannot be deleted) before user code runs.

import type ivm from 'isolated-vm';

export const HIDDEN_GC = '__stagecraftCollectGarbage';
/** The V8 flag the sandbox pool starts hosts with. */
export const HIDDEN_GC_FLAG = `--expose-gc-as=${HIDDEN_GC}`;
/** Heap in use above which an isolate collects as it goes idle (a collection then takes about 1 ms). */
const COLLECT_ABOVE_BYTES = 4 * 1024 * 1024;

/** Whether this process was started with HIDDEN_GC_FLAG. */
const exposed = typeof (globalThis as Record<string, unknown>)[HIDDEN_GC] === 'function';

/**
 * The spare context, once the isolate has collected its garbage if its heap is over the
 * threshold: the next invocation waits for it only if it comes within that millisecond.
 */
export function collectIfLarge(isolate: ivm.Isolate, spare: Promise<ivm.Context>): Promise<ivm.Context> {
  if (!exposed || isolate.getHeapStatisticsSync().used_heap_size < COLLECT_ABOVE_BYTES) return spare;
  return spare.then(async (context) => {
    await context.eval(`${HIDDEN_GC}()`);
    return context;
  });
}
