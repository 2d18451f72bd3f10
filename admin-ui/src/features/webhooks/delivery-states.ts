// Delivery states and attempt outcomes as the delivery log shows them.
export const DELIVERY_STATES = ['pending', 'retrying', 'succeeded', 'dead', 'refused'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

const STATES: Record<DeliveryState, { color: string; description: string }> = {
  pending: { color: 'yellow', description: 'Queued; the first attempt has not finished yet' },
  retrying: { color: 'orange', description: 'An attempt failed; another one is scheduled' },
  succeeded: { color: 'green', description: 'The receiver answered with a 2xx status' },
  dead: { color: 'red', description: 'Every attempt failed; redeliver it by hand' },
  refused: { color: 'gray', description: 'Not sent: the target address is not allowed' },
};

export function deliveryStateColor(state: string): string {
  return (STATES as Record<string, { color: string } | undefined>)[state]?.color ?? 'gray';
}

export function deliveryStateDescription(state: string): string {
  return (STATES as Record<string, { description: string } | undefined>)[state]?.description ?? state;
}

/** Green for 2xx, orange for 3xx/4xx, red for 5xx and for no answer at all. */
export function httpStatusColor(status: number | null | undefined): string {
  if (status === null || status === undefined) return 'red';
  if (status >= 200 && status < 300) return 'green';
  if (status >= 500) return 'red';
  return 'orange';
}

/** An attempt's outcome in a few words: the status, else the error, else "no answer". */
export function attemptOutcome(attempt: { response_status: number | null; error: string | null }): string {
  if (attempt.response_status !== null) return `HTTP ${attempt.response_status}`;
  return attempt.error ?? 'no answer';
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}
