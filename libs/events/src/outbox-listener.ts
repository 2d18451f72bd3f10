// A dedicated PostgreSQL connection that LISTENs on one channel (the outbox's wake-ups, the
// file ledger's releases) and calls `onEvent`. If the connection drops it reconnects after a
// pause; each listener's owner also polls, so a missed notification only delays the work.

import type { AppConfig } from '@stagecraft/config';
import pg from 'pg';

export const OUTBOX_CHANNEL = 'stagecraft_outbox';
const RECONNECT_DELAY_MS = 2000;

export class ChannelListener {
  private client: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
    private readonly channel: string,
    private readonly onEvent: () => void,
    private readonly onProblem: (message: string) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.config.database.url,
      application_name: `stagecraft-listener-${this.channel}`,
    });
    client.on('notification', () => this.onEvent());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      this.client = client;
    } catch (error) {
      await client.end().catch(() => undefined);
      this.lost(client, error);
    }
  }

  private lost(client: pg.Client, error?: unknown): void {
    if (this.stopped || this.reconnect) return;
    if (this.client && this.client !== client) return;
    this.client = undefined;
    if (error !== undefined) this.onProblem(`Listener on ${this.channel} lost: ${describe(error)}`);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.connect();
    }, RECONNECT_DELAY_MS);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
