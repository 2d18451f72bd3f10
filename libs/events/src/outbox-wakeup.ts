// Wakes the outbox relay after a write has committed: a NOTIFY on the relay's channel, sent
// from a connection of its own, outside the writing transaction. A NOTIFY inside the write
// would hold a cluster-wide lock while that transaction commits and so queue every writer
// behind every other; here it is one tiny transaction, and calls are coalesced: the first
// change notifies at once, the ones that follow within COALESCE_MS share one more NOTIFY at
// the end of that window. Nothing here is needed for correctness: if the NOTIFY is lost (no
// connection, the database restarting) the relay's poll finds the events within
// OUTBOX_POLL_INTERVAL_MS, so failures are only logged, once per outage.

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import pg from 'pg';
import { OUTBOX_CHANNEL } from './outbox-listener.js';

/** Longest a change waits for a NOTIFY while another one was just sent. */
const COALESCE_MS = 10;
/** After a failed connection, how long changes rely on the poll before connecting again. */
const RECONNECT_PAUSE_MS = 1000;

@Injectable()
export class OutboxWakeup implements OnModuleDestroy {
  private readonly logger = new Logger('Outbox');
  private client: pg.Client | undefined;
  private sending = false;
  private pending = false;
  private failedAt = 0;
  private failing = false;
  private closed = false;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    await this.client?.end().catch(() => undefined);
    this.client = undefined;
  }

  /** Call after a write that may have emitted events has committed. Never throws, never waits. */
  changed(): void {
    if (this.closed) return;
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = true;
    void this.notifyThenWait();
  }

  private async notifyThenWait(): Promise<void> {
    const started = Date.now();
    await this.notify();
    const rest = COALESCE_MS - (Date.now() - started);
    if (rest > 0) await new Promise((resolve) => setTimeout(resolve, rest));
    this.sending = false;
    if (this.pending) {
      this.pending = false;
      this.changed();
    }
  }

  // Runs one at a time (see `sending`), so the connection is never opened twice.
  private async notify(): Promise<void> {
    if (Date.now() - this.failedAt < RECONNECT_PAUSE_MS) return;
    try {
      const client = this.client ?? (await this.connect());
      await client.query(`NOTIFY ${OUTBOX_CHANNEL}`);
      if (this.failing) this.logger.log('Outbox wake-ups are sent again');
      this.failing = false;
    } catch (error) {
      this.close(this.client);
      this.failedAt = Date.now();
      // Shutting down: the connection was closed under the last wake-up, nothing to report.
      if (!this.failing && !this.closed) {
        this.logger.warn(
          `Outbox wake-ups cannot be sent (${error instanceof Error ? error.message : String(error)}); ` +
            `the relay finds new events by polling until they can`,
        );
      }
      this.failing = true;
    }
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.config.database.url,
      application_name: 'stagecraft-outbox-wakeup',
    });
    client.on('error', () => this.close(client));
    try {
      await client.connect();
      // The NOTIFY carries no data: its commit need not wait for the WAL to reach disk.
      await client.query('SET synchronous_commit = off');
    } catch (error) {
      this.close(client);
      throw error;
    }
    this.client = client;
    return client;
  }

  private close(client: pg.Client | undefined): void {
    if (!client) return;
    if (this.client === client) this.client = undefined;
    void client.end().catch(() => undefined);
  }
}
