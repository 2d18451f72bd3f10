// The realtime engine, whatever the transport: one connection opened when the first
// subscription is made and closed with the last, every message routed to its subscription,
// and after a drop a reconnect that resumes from the last feed position with every
// subscription in its first request, so nothing is missed or delivered twice (docs/realtime.md).

import { StagecraftError } from '../problem.js';
import type { OpenTransport, ServerMessage, SubscriptionSpec, Transport } from './transport.js';

export type RealtimeEvent<R> =
  | {
      readonly action: 'create' | 'update' | 'delete';
      readonly id: string;
      readonly record: R;
      readonly position: number;
    }
  /** The record matched before an update and no longer does: drop it from what you show. */
  | { readonly action: 'leave'; readonly id: string; readonly position: number }
  /** Changes were missed beyond what can be replayed: refetch what you show. */
  | { readonly action: 'reset'; readonly reason: string }
  /** The server ended the subscription (its rule now refuses you, its filter names a dropped field …). */
  | { readonly action: 'unsubscribed'; readonly reason: string };

export interface RealtimeSubscription {
  readonly id: string;
  unsubscribe(): Promise<void>;
}

export type ConnectionState = 'idle' | 'connecting' | 'open';

interface Entry {
  readonly id: string;
  readonly spec: SubscriptionSpec;
  readonly handler: (event: RealtimeEvent<unknown>) => void;
  /** Settles the `subscribe` call once the server has taken (or refused) the subscription. */
  ack?: { resolve(): void; reject(error: unknown): void };
}

const MAX_DELAY_MS = 30_000;

/** A refusal that reconnecting would only repeat. */
const isFinal = (error: unknown): boolean =>
  error instanceof StagecraftError && error.status >= 400 && error.status < 500 && ![408, 429].includes(error.status);

/** The indexes a refused batch names (`subscriptions[1].filter`), or none when it names none. */
const refusedIndexes = (error: StagecraftError): Set<number> =>
  new Set(error.errors.flatMap(({ field }) => /^subscriptions\[(\d+)\]/.exec(field)?.slice(1).map(Number) ?? []));

export class Realtime {
  state: ConnectionState = 'idle';
  private readonly entries = new Map<string, Entry>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private transport: Transport | undefined;
  private connected = false;
  private position: number | undefined;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private count = 0;

  constructor(private readonly open: OpenTransport) {}

  /** Resolves once the server has taken the subscription; rejects with its refusal. */
  subscribe<R>(spec: SubscriptionSpec, handler: (event: RealtimeEvent<R>) => void): Promise<RealtimeSubscription> {
    const entry: Entry = { id: `c${++this.count}`, spec, handler: handler as Entry['handler'] };
    this.entries.set(entry.id, entry);
    const taken = new Promise<void>((resolve, reject) => (entry.ack = { resolve, reject }));
    if (this.connected) void this.send([entry]);
    else if (!this.transport && !this.timer) this.connect();
    return taken.then(() => ({ id: entry.id, unsubscribe: () => this.unsubscribe(entry.id) }));
  }

  async unsubscribe(id: string): Promise<void> {
    if (!this.entries.delete(id)) return;
    if (this.entries.size === 0) this.close();
    else if (this.connected) await this.transport?.unsubscribe(id).catch(() => undefined);
  }

  /** Ends the connection and forgets every subscription. */
  close(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.transport?.close();
    this.transport = undefined;
    this.connected = false;
    this.entries.clear();
    this.setState('idle');
  }

  /** Called with every change of state: `open`, `connecting` (also while reconnecting), `idle`. */
  onState(listener: (state: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Opens the connection again, resuming, as whoever the client now is (after a sign-in or sign-out). */
  reconnect(): void {
    if (!this.transport) return;
    this.transport.close();
    this.connected = false;
    this.connect();
  }

  /** A new access token for the open connection, before the one it was opened with expires. */
  reauthenticate(token: string): void {
    if (this.connected) this.transport?.auth(token).catch(() => undefined);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }

  private connect(): void {
    this.setState('connecting');
    const transport: Transport = this.open(
      { message: (message) => this.receive(message), end: (reason, error) => this.ended(transport, reason, error) },
      this.position,
    );
    this.transport = transport;
  }

  private receive(message: ServerMessage): void {
    if (message.position !== undefined) this.position = message.position;
    const entry = this.entries.get(message.subscription as string);
    switch (message.type) {
      case 'connect':
        this.connected = true;
        this.failures = 0;
        this.setState('open');
        // After a reconnect, the first request carries every subscription: it is what resumes them.
        void this.send([...this.entries.values()]);
        break;
      case 'change':
        entry?.handler(message as unknown as RealtimeEvent<unknown>);
        break;
      case 'reset':
        for (const each of this.entries.values()) each.handler({ action: 'reset', reason: message.reason as string });
        break;
      case 'unsubscribed':
        if (entry) this.drop(entry, message.reason as string);
    }
  }

  /** Sends subscriptions; a refusal drops the ones it names and sends the others again. */
  private async send(batch: Entry[]): Promise<void> {
    const transport = this.transport;
    while (batch.length > 0 && transport === this.transport && transport) {
      try {
        await transport.subscribe(batch.map(({ id, spec }) => ({ id, ...spec })));
        for (const entry of batch) {
          entry.ack?.resolve();
          entry.ack = undefined;
        }
        return;
      } catch (error) {
        if (transport !== this.transport) return; // a new connection sends them again
        if (!isFinal(error)) return this.ended(transport, undefined, error);
        const named = refusedIndexes(error as StagecraftError);
        const refused = named.size > 0 ? batch.filter((_, index) => named.has(index)) : batch;
        for (const entry of refused) this.drop(entry, (error as StagecraftError).code, error);
        batch = batch.filter((entry) => !refused.includes(entry));
      }
    }
  }

  private drop(entry: Entry, reason: string, error?: unknown): void {
    this.entries.delete(entry.id);
    if (entry.ack) entry.ack.reject(error ?? new Error(reason));
    else entry.handler({ action: 'unsubscribed', reason });
    if (this.entries.size === 0) this.close();
  }

  private ended(transport: Transport, reason: string | undefined, error: unknown): void {
    if (transport !== this.transport) return;
    transport.close();
    this.transport = undefined;
    this.connected = false;
    if (reason === 'session_revoked' || isFinal(error)) {
      const code = error instanceof StagecraftError ? error.code : (reason ?? 'closed');
      for (const entry of [...this.entries.values()]) this.drop(entry, code, error);
      return;
    }
    if (this.entries.size === 0) return this.setState('idle');
    this.setState('connecting');
    // An expired token reconnects at once (with a refreshed one); a restart asks for a second.
    const delay =
      reason === 'token_expired'
        ? 0
        : reason === 'shutdown'
          ? 1000
          : Math.min(MAX_DELAY_MS, 250 * 2 ** this.failures++) * (0.5 + Math.random() / 2);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.entries.size > 0) this.connect();
    }, delay);
  }
}
