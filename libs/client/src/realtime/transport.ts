// What the realtime engine needs of a transport (SSE over fetch, or a WebSocket): open a
// connection resuming from a feed position, manage its subscriptions, renew its token, and
// report what the server sends and why the connection ended.

export interface SubscriptionSpec {
  /** `posts`, or `posts/<id>` for one record. */
  readonly topic: string;
  readonly filter?: string;
  readonly fields?: string;
  readonly expand?: string;
}

/** One message of the feed, whatever its framing: `connect`, `change`, `reset`, `heartbeat`, `unsubscribed`. */
export interface ServerMessage {
  readonly type: string;
  readonly position?: number;
  readonly [member: string]: unknown;
}

export interface TransportEvents {
  message(message: ServerMessage): void;
  /** The connection is over: the server's close reason (`token_expired`, `shutdown` …) or the error. */
  end(reason: string | undefined, error?: unknown): void;
}

export interface Transport {
  subscribe(subscriptions: readonly (SubscriptionSpec & { readonly id: string })[]): Promise<void>;
  unsubscribe(id: string): Promise<void>;
  /** Hands the connection a fresh access token before the one it was opened with expires. */
  auth(token: string): Promise<void>;
  /** Ends the connection; `end` is not called for it. */
  close(): void;
}

export type OpenTransport = (events: TransportEvents, resumeFrom: number | undefined) => Transport;
