// How soon a job whose worker died (SIGKILL, crash, a cut-off shutdown) runs again, the same for
// every queue the worker consumes.

/**
 * BullMQ's job lock lasts `lockDuration` and is renewed every half of it while the worker
 * lives, so a long job (a slow receiver, a big import) keeps it however long it takes; only a
 * dead worker's lock runs out, 2.5 to 5 s after the death. Every live worker looks for such
 * jobs each `stalledInterval` (a job seen active at one check and unlocked at the next is moved
 * back to waiting), so it is taken up within lockDuration + stalledInterval = 7.5 s.
 * (BullMQ's defaults, 30 s and 30 s, meant up to a minute; tied to WEBHOOK_TIMEOUT_MS the
 * webhook queues waited up to 35 s.) A live worker would lose a lock only if its event loop
 * stalled for seconds, which the worker's jobs, all asynchronous, never do.
 */
export const STALLED_JOB_OPTIONS = { lockDuration: 5_000, stalledInterval: 2_500, maxStalledCount: 3 } as const;
