// A dedicated PostgreSQL connection that LISTENs for the outbox trigger's NOTIFY and calls
// `onEvent`. If the connection drops it reconnects after a pause; the relay's poll covers
// the gap, so a missed notification delays events by at most one poll interval.

import type { AppConfig } from '@stagecraft/config';
import pg from 'pg';

export const OUTBOX_CHANNEL = 'stagecraft_outbox';
const RECONNECT_DELAY_MS = 2000;

export class OutboxListener {
  private client: pg.Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly config: AppConfig,
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
      application_name: 'stagecraft-outbox-listener',
    });
    client.on('notification', () => this.onEvent());
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
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
    if (error !== undefined) this.onProblem(`Outbox listener lost: ${describe(error)}`);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.connect();
    }, RECONNECT_DELAY_MS);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : JSON.stringify(error);
}
