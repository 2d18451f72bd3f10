// One realtime connection as the engine sees it, whatever its transport: who it is, until
// when its credential holds, its subscriptions, and where it is in the feed.

import type { Principal } from '@stagecraft/auth';
import type { RecordData } from '@stagecraft/records';
import type { ChangeAction } from './event-matcher.js';
import type { Subscription } from './subscription.js';

/** Everything the engine sends; each transport writes it in its own framing. */
export type RealtimeMessage =
  | { readonly type: 'connect'; readonly position: number; readonly clientId: string }
  | {
      readonly type: 'change';
      readonly position: number;
      readonly subscription: string;
      readonly topic: string;
      readonly action: ChangeAction;
      readonly id: string;
      readonly record?: RecordData;
    }
  | { readonly type: 'reset'; readonly position: number; readonly reason: string }
  | { readonly type: 'heartbeat'; readonly position: number }
  | { readonly type: 'unsubscribed'; readonly subscription: string; readonly reason: string };

/** Why the server ends a connection: the SSE `close` event's and the WebSocket close reason. */
export type CloseReason = 'token_expired' | 'session_revoked' | 'slow_consumer' | 'shutdown';

/** The WebSocket close code of each reason, the same on every WebSocket transport. */
export const WS_CLOSE_CODES: Readonly<Record<CloseReason, number>> = {
  shutdown: 1012, // service restart: come back
  token_expired: 4001,
  session_revoked: 4003,
  slow_consumer: 4008,
};

export interface RealtimeTransport {
  /** Queues one message for the client. */
  send(message: RealtimeMessage): void;
  /** Bytes written but not yet taken by the client's connection. */
  bufferedBytes(): number;
  /** Ends the connection, telling the client why (and, on shutdown, to come back). */
  close(reason: CloseReason, detail: string): void;
}

/** live: receives the feed; resuming: waits for its first subscriptions to replay from `position`. */
export type ClientState = 'live' | 'resuming';

export class RealtimeClient {
  readonly subscriptions = new Map<string, Subscription>();
  state: ClientState;
  /** Every event up to here has been considered for this client. */
  position: number;
  closed = false;
  private expiryTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: string,
    public principal: Principal | undefined,
    readonly address: string,
    readonly transport: RealtimeTransport,
    start: { position: number; resuming: boolean },
  ) {
    this.position = start.position;
    this.state = start.resuming ? 'resuming' : 'live';
  }

  /** Who counts against the per-user connection limit. */
  get ownerKey(): string | undefined {
    return this.principal ? `${this.principal.kind}:${this.principal.id}` : undefined;
  }

  /** Calls `onExpired` when the credential lapses; a renewal sets a new time. */
  expireAt(expiresAt: number | undefined, onExpired: () => void): void {
    clearTimeout(this.expiryTimer);
    if (expiresAt === undefined) return;
    // setTimeout holds at most about 24.8 days; a longer token is re-armed when it fires.
    const delay = Math.min(Math.max(expiresAt - Date.now(), 0), 2 ** 31 - 1);
    this.expiryTimer = setTimeout(() => {
      if (Date.now() >= expiresAt) onExpired();
      else this.expireAt(expiresAt, onExpired);
    }, delay);
    this.expiryTimer.unref();
  }

  send(message: RealtimeMessage): void {
    if (!this.closed) this.transport.send(message);
  }

  close(reason: CloseReason, detail: string): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.expiryTimer);
    this.transport.close(reason, detail);
  }
}
