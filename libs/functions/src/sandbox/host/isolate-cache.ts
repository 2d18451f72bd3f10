// Warm isolates, kept per function version and memory limit. An invocation leases an idle
// isolate of its version, or a new one (a cold start); each isolate runs one invocation at a
// time, so a caller's timeout or memory blow-up ends only its own isolate. Every invocation
// gets a fresh context, and making one is the dearest part of a warm call (about 1 ms): an
// idle isolate makes the next one's context in the background, on its own thread, while it
// waits, and collects its garbage then too (idle-collection.ts). Idle isolates are dropped
// after a while, and the oldest first when too many are kept.

import ivm from 'isolated-vm';
import { collectIfLarge } from './idle-collection.js';

export interface IsolateLease {
  readonly isolate: ivm.Isolate;
  readonly key: string;
  /** Created for this invocation. */
  readonly cold: boolean;
  /** A fresh context made while the isolate was idle (none for a new isolate). */
  readonly spareContext?: Promise<ivm.Context>;
}

interface Idle {
  readonly isolate: ivm.Isolate;
  readonly since: number;
  readonly spareContext: Promise<ivm.Context>;
  /** Its spare context is made (and its garbage collected): a lease need not wait for it. */
  ready: boolean;
}

export interface IsolateCacheOptions {
  /** Idle isolates kept in all. */
  readonly maxIdle: number;
  /** An idle isolate unused for this long is disposed. */
  readonly idleMs: number;
  /** V8 lost control of this isolate (isolated-vm's onCatastrophicError): the process must end. */
  readonly onCatastrophicError: (isolate: ivm.Isolate, message: string) => void;
}

export class IsolateCache {
  private readonly idle = new Map<string, Idle[]>();
  private idleCount = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: IsolateCacheOptions) {
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, options.idleMs / 4));
    this.sweeper.unref();
  }

  lease(versionId: string, memoryMb: number): IsolateLease {
    const key = `${versionId}:${memoryMb}`;
    const list = this.idle.get(key);
    const warm = list && takeReadiest(list);
    if (warm) {
      this.idleCount -= 1;
      if (list.length === 0) this.idle.delete(key);
      if (!warm.isolate.isDisposed) {
        return { isolate: warm.isolate, key, cold: false, spareContext: warm.spareContext };
      }
    }
    const isolate: ivm.Isolate = new ivm.Isolate({
      memoryLimit: memoryMb,
      onCatastrophicError: (message) => this.options.onCatastrophicError(isolate, message),
    });
    return { isolate, key, cold: true };
  }

  /** Back to the idle list, unless the invocation ended the isolate. */
  release(lease: IsolateLease): void {
    if (lease.isolate.isDisposed) return;
    const list = this.idle.get(lease.key) ?? [];
    const spareContext = collectIfLarge(lease.isolate, lease.isolate.createContext());
    const idle: Idle = { isolate: lease.isolate, since: Date.now(), spareContext, ready: false };
    spareContext.then(
      () => (idle.ready = true),
      () => undefined, // the isolate was disposed meanwhile: the lease makes its own
    );
    list.push(idle);
    this.idle.set(lease.key, list);
    this.idleCount += 1;
    while (this.idleCount > this.options.maxIdle) this.disposeOldest();
  }

  /** How many isolates wait, warm, for their function. */
  get size(): number {
    return this.idleCount;
  }

  close(): void {
    clearInterval(this.sweeper);
    for (const list of this.idle.values()) for (const { isolate } of list) dispose(isolate);
    this.idle.clear();
    this.idleCount = 0;
  }

  private sweep(): void {
    const cutoff = Date.now() - this.options.idleMs;
    for (const [key, list] of this.idle) {
      const keep = list.filter((entry) => entry.since >= cutoff);
      for (const entry of list) if (entry.since < cutoff) dispose(entry.isolate);
      this.idleCount -= list.length - keep.length;
      if (keep.length === 0) this.idle.delete(key);
      else this.idle.set(key, keep);
    }
  }

  private disposeOldest(): void {
    let oldest: { key: string; index: number; since: number } | undefined;
    for (const [key, list] of this.idle) {
      list.forEach((entry, index) => {
        if (!oldest || entry.since < oldest.since) oldest = { key, index, since: entry.since };
      });
    }
    if (!oldest) return;
    const list = this.idle.get(oldest.key) as Idle[];
    const [entry] = list.splice(oldest.index, 1);
    if (entry) dispose(entry.isolate);
    if (list.length === 0) this.idle.delete(oldest.key);
    this.idleCount -= 1;
  }
}

/** The most recently idle isolate that is ready, else the most recent: warm caches, no waiting. */
function takeReadiest(list: Idle[]): Idle | undefined {
  for (let index = list.length - 1; index >= 0; index -= 1) {
    if (list[index]?.ready) return list.splice(index, 1)[0];
  }
  return list.pop();
}

function dispose(isolate: ivm.Isolate): void {
  if (!isolate.isDisposed) isolate.dispose();
}
