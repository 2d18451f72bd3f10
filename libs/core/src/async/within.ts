// Waiting for I/O with a deadline. Promise.race leaves the slower promise running: when the
// work loses and later fails (a queue giving up, a Redis connection closing), nobody handles
// that rejection and Node reports it as unhandled. `within` absorbs it.

/** `work`'s result, or an Error with `message` when `ms` pass first. */
export async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  work.catch(() => undefined); // the late failure of work that lost the race is no news
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
