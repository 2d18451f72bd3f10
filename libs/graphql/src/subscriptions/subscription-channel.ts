// One graphql-ws connection as a connection of the realtime engine: each GraphQL subscription
// on it is one realtime subscription, and the engine's messages for the connection are routed
// to that subscription's stream. The engine applies the rules, filters, resume and limits
// exactly as for its own WebSocket; this only translates.

import {
  WS_CLOSE_CODES,
  type ChangeAction,
  type CloseReason,
  type RealtimeClient,
  type RealtimeMessage,
  type RealtimeTransport,
} from '@stagecraft/realtime';
import type { RecordData } from '@stagecraft/records';
import { GraphQLError } from 'graphql';
import { ChangeStream } from './change-stream.js';

/** What a subscription field yields: a change the caller may see, or a reset after a resume that came too late. */
export type ChangeEvent =
  | {
      readonly action: ChangeAction;
      readonly id: string;
      readonly position: number;
      readonly record: RecordData | null;
      readonly reason: null;
    }
  | {
      readonly action: 'reset';
      readonly id: null;
      readonly position: number;
      readonly record: null;
      readonly reason: string;
    };

const PING = JSON.stringify({ type: 'ping' });

/** Events of a connection not yet run through GraphQL beyond which it is a slow consumer. */
const MAX_QUEUED_EVENTS = 1000;

/** The socket as the channel needs it. */
export interface ChannelSocket {
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
}

export class SubscriptionChannel implements RealtimeTransport {
  private readonly streams = new Map<string, ChangeStream<ChangeEvent>>();
  private count = 0;
  /** Set once the engine accepted the connection. */
  client: RealtimeClient | undefined;

  constructor(private readonly socket: ChannelSocket) {}

  /** A name for the next subscription, unique on the connection. */
  nextSubscriptionId(): string {
    this.count += 1;
    return `g${this.count}`;
  }

  /** The stream of subscription `id`; `onReturn` runs when the client stops it. */
  open(id: string, onReturn: () => void): ChangeStream<ChangeEvent> {
    const stream = new ChangeStream<ChangeEvent>(() => {
      this.streams.delete(id);
      onReturn();
    });
    this.streams.set(id, stream);
    return stream;
  }

  /** A stream whose subscription was refused: gone without a word. */
  discard(id: string): void {
    this.streams.get(id)?.end();
    this.streams.delete(id);
  }

  send(message: RealtimeMessage): void {
    switch (message.type) {
      case 'change':
        this.streams.get(message.subscription)?.push({
          action: message.action,
          id: message.id,
          position: message.position,
          record: message.record ?? null,
          reason: null,
        });
        return;
      case 'reset':
        for (const stream of this.streams.values()) {
          stream.push({ action: 'reset', id: null, position: message.position, record: null, reason: message.reason });
        }
        return;
      case 'unsubscribed': {
        const stream = this.streams.get(message.subscription);
        this.streams.delete(message.subscription);
        stream?.end(
          new GraphQLError(`The subscription can no longer be served: ${message.reason}`, {
            extensions: { code: 'UNSUBSCRIBED' },
          }),
        );
        return;
      }
      case 'heartbeat':
        // The protocol's own ping (the client answers pong): proxies see traffic on a quiet
        // connection, and a dead one fails its write, as realtime's heartbeat does.
        this.socket.send(PING);
        return;
      case 'connect':
        return;
    }
  }

  /**
   * What the engine's slow-consumer limit weighs. Events wait in the streams until GraphQL has
   * run on them and only then reach the socket, so a backlog there counts as a full buffer.
   */
  bufferedBytes(): number {
    let queued = 0;
    for (const stream of this.streams.values()) queued += stream.queuedCount;
    return queued > MAX_QUEUED_EVENTS ? Number.POSITIVE_INFINITY : this.socket.bufferedAmount;
  }

  close(reason: CloseReason): void {
    this.endAll();
    if (reason === 'slow_consumer') this.socket.terminate();
    else this.socket.close(WS_CLOSE_CODES[reason], reason);
  }

  /** The socket closed: every stream ends. */
  endAll(): void {
    for (const stream of this.streams.values()) stream.end();
    this.streams.clear();
  }
}
