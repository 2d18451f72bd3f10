import sharp from 'sharp';

import { ThumbInputUnreadable } from './render-thumb.js';
import { parseThumbPreset, type ThumbPreset } from './thumb-preset.js';
import { ThumbRenderer } from './thumb-renderer.js';

const PRESET = parseThumbPreset('40x40') as ThumbPreset;
const LIMITS = { maxInputPixels: 10_000_000 };

let photo: Buffer;
beforeAll(async () => {
  photo = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#3366cc' } })
    .jpeg()
    .toBuffer();
});

interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((onResolve, onReject) => {
    resolve = onResolve;
    reject = onReject;
  });
  return { promise, resolve, reject };
}

/** Lets every callback already queued run; nothing here waits on time. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('ThumbRenderer', () => {
  it('runs one transform for 20 identical requests made at once', async () => {
    const renderer = new ThumbRenderer({ concurrency: 4, ...LIMITS });
    const produce = jest.fn(() => Promise.resolve(photo));
    const results = await Promise.all(
      Array.from({ length: 20 }, () => renderer.render('a/photo.jpg@40x40', produce, PRESET)),
    );
    expect(produce).toHaveBeenCalledTimes(1);
    expect(renderer.transforms).toBe(1);
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toMatchObject({ width: 40, height: 40, mime: 'image/webp' });
  });

  it('runs a new transform for a key once the previous one has settled', async () => {
    const renderer = new ThumbRenderer({ concurrency: 1, ...LIMITS });
    const produce = jest.fn(() => Promise.resolve(photo));
    await renderer.render('k', produce, PRESET);
    await renderer.render('k', produce, PRESET);
    expect(renderer.transforms).toBe(2);
  });

  it('runs at most `concurrency` transforms at once and starts the others in arrival order', async () => {
    const renderer = new ThumbRenderer({ concurrency: 2, ...LIMITS });
    const gates = Array.from({ length: 6 }, () => deferred());
    const started: number[] = [];
    let active = 0;
    let mostActive = 0;
    const produceFor = (index: number) => async (): Promise<Buffer> => {
      started.push(index);
      mostActive = Math.max(mostActive, ++active);
      await gates[index]!.promise;
      active--;
      return photo;
    };

    const flights = gates.map((_gate, index) => renderer.render(`key-${index}`, produceFor(index), PRESET));
    await settle();
    expect(started).toEqual([0, 1]);
    expect([renderer.running, renderer.waiting, renderer.transforms]).toEqual([2, 4, 2]);

    for (const next of [2, 3, 4, 5]) {
      // Free the oldest running transform; exactly one waiter, the oldest, takes its slot.
      gates[next - 2]!.resolve();
      await flights[next - 2];
      await settle();
      expect(started).toEqual([0, 1, 2, 3, 4, 5].slice(0, next + 1));
      expect(renderer.running).toBe(2);
    }
    gates[4]!.resolve();
    gates[5]!.resolve();
    await Promise.all(flights);
    expect(mostActive).toBe(2);
    expect([renderer.running, renderer.waiting, renderer.transforms]).toEqual([0, 0, 6]);
  });

  it('rejects every waiter with the one failure and tries again on the next call', async () => {
    const renderer = new ThumbRenderer({ concurrency: 2, ...LIMITS });
    const gate = deferred();
    const failure = new Error('storage unavailable');
    const failing = jest.fn(async (): Promise<Buffer> => {
      await gate.promise;
      throw failure;
    });
    const waiters = Array.from({ length: 5 }, () => renderer.render('k', failing, PRESET));
    gate.resolve();
    const outcomes = await Promise.allSettled(waiters);
    expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason : outcome.status))).toEqual(
      Array.from({ length: 5 }, () => failure),
    );
    expect(failing).toHaveBeenCalledTimes(1);

    await expect(renderer.render('k', () => Promise.resolve(photo), PRESET)).resolves.toMatchObject({ width: 40 });
    expect(renderer.transforms).toBe(2);
  });

  it('shares an unreadable input the same way', async () => {
    const renderer = new ThumbRenderer({ concurrency: 2, ...LIMITS });
    const garbage = jest.fn(() => Promise.resolve(Buffer.from('not an image')));
    const outcomes = await Promise.allSettled(Array.from({ length: 3 }, () => renderer.render('k', garbage, PRESET)));
    for (const outcome of outcomes) {
      expect(outcome.status === 'rejected' && outcome.reason instanceof ThumbInputUnreadable).toBe(true);
    }
    expect(garbage).toHaveBeenCalledTimes(1);
  });

  it('frees the slot of a failed transform, even one whose produce throws at once', async () => {
    const renderer = new ThumbRenderer({ concurrency: 1, ...LIMITS });
    const throwsAtOnce = (): Promise<Buffer> => {
      throw new Error('no source');
    };
    const failed = renderer.render('bad', throwsAtOnce, PRESET);
    const next = renderer.render('good', () => Promise.resolve(photo), PRESET);
    await expect(failed).rejects.toThrow('no source');
    await expect(next).resolves.toMatchObject({ width: 40 });
    expect([renderer.running, renderer.waiting]).toEqual([0, 0]);
  });

  it.each([
    [{ concurrency: 0, maxInputPixels: 1000 }],
    [{ concurrency: 1.5, maxInputPixels: 1000 }],
    [{ concurrency: 2, maxInputPixels: 0 }],
  ])('refuses options %j', (options) => {
    expect(() => new ThumbRenderer(options)).toThrow(RangeError);
  });
});
