import type { MinimalJob } from 'bullmq';
import { webhookBackoffStrategy, webhookRetryDelay } from './backoff.js';

describe('webhook retry schedule', () => {
  it.each([
    [1, 10_000],
    [2, 40_000],
    [3, 160_000],
    [4, 640_000],
    [7, 40_960_000],
  ])('waits base·4^(n−1) after failure %i, without jitter at the middle', (failures, delay) => {
    expect(webhookRetryDelay(failures, 10_000, () => 0.5)).toBe(delay);
  });

  it('jitters by at most 20% either way', () => {
    expect(webhookRetryDelay(2, 1000, () => 0)).toBe(3200);
    expect(webhookRetryDelay(2, 1000, () => 0.999_999)).toBe(4800);
    for (let i = 0; i < 200; i += 1) {
      const delay = webhookRetryDelay(3, 200);
      expect(delay).toBeGreaterThanOrEqual(2560);
      expect(delay).toBeLessThanOrEqual(3840);
    }
  });

  it('grows even at the jitter extremes: the longest wait n is shorter than the shortest wait n+1', () => {
    for (let n = 1; n < 8; n += 1) {
      expect(webhookRetryDelay(n, 200, () => 0.999_999)).toBeLessThan(webhookRetryDelay(n + 1, 200, () => 0));
    }
  });

  it('as a BullMQ strategy takes the base from the job', () => {
    const job = { opts: { backoff: { type: 'webhook', delay: 200 } } } as unknown as MinimalJob;
    const delay = webhookBackoffStrategy(2, 'webhook', undefined, job);
    expect(delay).toBeGreaterThanOrEqual(640);
    expect(delay).toBeLessThanOrEqual(960);
    expect(() => webhookBackoffStrategy(1, 'mystery', undefined, job)).toThrow(/Unknown backoff strategy/);
  });

  it('counts the tries made before the job, by a first-tries job, as failures', () => {
    const job = {
      opts: { backoff: { type: 'webhook', delay: 200 } },
      data: { deliveryId: 'd', earlierAttempts: 1 },
    } as unknown as MinimalJob;
    // The job's first failure is the delivery's second: 200·4 ± 20%.
    const delay = webhookBackoffStrategy(1, 'webhook', undefined, job);
    expect(delay).toBeGreaterThanOrEqual(640);
    expect(delay).toBeLessThanOrEqual(960);
  });
});
