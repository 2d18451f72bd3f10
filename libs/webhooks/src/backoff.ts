// The retry schedule of webhook deliveries: base·4^(n−1) after the n-th failed attempt, with
// ±20% jitter so receivers coming back from an outage are not hit by every retry at once.
// Registered as the delivery worker's BullMQ backoff strategy; the base travels in each job.

import type { MinimalJob } from 'bullmq';

export const WEBHOOK_BACKOFF = 'webhook';
const GROWTH = 4;
const JITTER = 0.2;

/** Delay before the attempt after `failedAttempts` failures; `random` in [0, 1). */
export function webhookRetryDelay(failedAttempts: number, baseMs: number, random: () => number = Math.random): number {
  const nominal = baseMs * GROWTH ** Math.max(0, failedAttempts - 1);
  return Math.round(nominal * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * BullMQ `settings.backoffStrategy`: the base is the job's `backoff.delay`; the tries a
 * first-tries job made before this job (`data.earlierAttempts`) count as failures too.
 */
export function webhookBackoffStrategy(attemptsMade: number, type?: string, _error?: Error, job?: MinimalJob): number {
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' ? (backoff.delay ?? 0) : (backoff ?? 0);
  if (type !== WEBHOOK_BACKOFF) throw new Error(`Unknown backoff strategy "${String(type)}"`);
  const earlier = (job?.data as { earlierAttempts?: number } | undefined)?.earlierAttempts ?? 0;
  return webhookRetryDelay(earlier + attemptsMade, base);
}
