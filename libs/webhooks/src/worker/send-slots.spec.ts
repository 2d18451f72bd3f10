import type { AppConfig } from '@stagecraft/config';
import { SendSlots } from './send-slots.js';

function slots(concurrency: number): SendSlots {
  return new SendSlots({ webhooks: { concurrency } } as AppConfig);
}

describe('SendSlots', () => {
  it('has at most `concurrency` sends in flight, and starts the waiting ones in the order asked', async () => {
    const sendSlots = slots(2);
    let inFlight = 0;
    let most = 0;
    const started: number[] = [];
    const releases: (() => void)[] = [];
    const sends = [0, 1, 2, 3, 4].map((n) =>
      sendSlots.run(async () => {
        started.push(n);
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        inFlight -= 1;
        return n;
      }),
    );
    for (let released = 0; released < 5; released += 1) {
      await new Promise((resolve) => setImmediate(resolve));
      releases[released]?.();
    }
    expect(await Promise.all(sends)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
  });

  it('frees the slot of a send that fails', async () => {
    const sendSlots = slots(1);
    await expect(sendSlots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sendSlots.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
