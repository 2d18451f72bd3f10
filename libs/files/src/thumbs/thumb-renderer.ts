// Renders thumbnails on demand without letting a burst of requests pile up work: identical
// requests share one transform, and at most `concurrency` transforms run at once across keys.

import { renderThumb, type RenderedThumb } from './render-thumb.js';
import { type ThumbPreset } from './thumb-preset.js';

export interface ThumbRendererOptions {
  /** Transforms (reading the source included) that may run at once; the rest wait in order. */
  readonly concurrency: number;
  readonly maxInputPixels: number;
}

export class ThumbRenderer {
  private readonly inFlight = new Map<string, Promise<RenderedThumb>>();
  private readonly slots: Semaphore;
  private started = 0;

  constructor(private readonly options: ThumbRendererOptions) {
    assertPositiveInteger('concurrency', options.concurrency);
    assertPositiveInteger('maxInputPixels', options.maxInputPixels);
    this.slots = new Semaphore(options.concurrency);
  }

  /** Transforms started so far; a request that joins one in flight starts none. */
  get transforms(): number {
    return this.started;
  }

  /** Transforms waiting for a free slot. */
  get waiting(): number {
    return this.slots.waiting;
  }

  /** Transforms running now. */
  get running(): number {
    return this.slots.busy;
  }

  /**
   * The thumbnail for `key` (which must name the source and the preset). While one is being made
   * for `key`, later calls get the same promise, failure included; nothing is kept once it settles,
   * so the next call after a failure tries again.
   */
  render(key: string, produce: () => Promise<Buffer | string>, preset: ThumbPreset): Promise<RenderedThumb> {
    const current = this.inFlight.get(key);
    if (current) return current;
    const flight = this.transform(produce, preset).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, flight);
    return flight;
  }

  private async transform(produce: () => Promise<Buffer | string>, preset: ThumbPreset): Promise<RenderedThumb> {
    await this.slots.acquire();
    this.started++;
    try {
      // The source is read inside the slot too: its bytes are part of what the limit bounds.
      return await renderThumb(await produce(), preset, { maxInputPixels: this.options.maxInputPixels });
    } finally {
      this.slots.release();
    }
  }
}

/** A counting semaphore that hands each freed slot to the longest waiter (FIFO). */
class Semaphore {
  private readonly queue: (() => void)[] = [];
  private held = 0;

  constructor(private readonly limit: number) {}

  get busy(): number {
    return this.held;
  }

  get waiting(): number {
    return this.queue.length;
  }

  async acquire(): Promise<void> {
    if (this.held < this.limit) {
      this.held++;
      return;
    }
    // A releasing holder hands its slot straight to us, so `held` stays as it is.
    await new Promise<void>((resolve) => this.queue.push(resolve));
  }

  release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.held--;
  }
}

function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
