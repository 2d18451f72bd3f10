// The events of one GraphQL subscription as the async iterator graphql-js subscribes to: the
// realtime engine pushes, graphql-ws pulls (one event at a time, waiting for the socket to
// take each), and the events in between queue here. The engine's slow-consumer limit bounds
// the queue: it counts the socket's buffer, and a connection past it is closed, which ends
// every stream of the connection.

export class ChangeStream<T> implements AsyncIterableIterator<T> {
  private readonly queued: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | undefined;
  private ended = false;
  private failure: Error | undefined;

  /** @param onReturn called once when the consumer stops (completes, or the socket closes). */
  constructor(private readonly onReturn: () => void) {}

  /** Events pushed and not yet taken. */
  get queuedCount(): number {
    return this.queued.length;
  }

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      this.waiting.resolve({ value, done: false });
      this.waiting = undefined;
    } else this.queued.push(value);
  }

  /** Ends the stream from the producer's side, with an error the client is told of, or quietly. */
  end(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = error;
    if (!this.waiting) return;
    if (error === undefined) this.waiting.resolve({ value: undefined, done: true });
    else this.waiting.reject(error);
    this.waiting = undefined;
  }

  next(): Promise<IteratorResult<T>> {
    const value = this.queued.shift();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    if (this.ended) {
      const failure = this.failure;
      this.failure = undefined;
      return failure === undefined ? Promise.resolve({ value: undefined, done: true }) : Promise.reject(failure);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.ended) this.onReturn();
    this.queued.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
