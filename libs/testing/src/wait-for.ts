// Polls a condition until it holds, for states that settle asynchronously (a heartbeat
// landing, a reconnect); fails with the last observation instead of sleeping blindly.

export async function waitFor<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (accept(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 50));
  }
  throw new Error(`Timed out waiting for ${options.what ?? 'a condition'}; last value: ${JSON.stringify(last)}`);
}
