// SQL for stagecraft.webhooks: the admin's CRUD and the dispatcher's "which webhooks want this
// event" query. Column names live here only.

import { Injectable } from '@nestjs/common';
import type { RecordAction } from '@stagecraft/events';
import { DataSource, type EntityManager } from 'typeorm';
import type { StoredDelivery } from './deliveries.repository.js';
import { runNamed } from './named-statement.js';
import type { WebhookView } from './webhook.types.js';

const COLUMNS =
  'id, name, url, secret, collections, actions, condition, enabled, disabled_reason, created_at, updated_at';
const COLUMNS_OF_W = COLUMNS.split(', ')
  .map((column) => `w.${column}`)
  .join(', ');

export interface WebhookFields {
  name: string;
  url: string;
  secret: string;
  collections: string[];
  actions: RecordAction[];
  condition: string | null;
  enabled: boolean;
  disabled_reason: string | null;
}

interface WebhookRow extends WebhookFields {
  id: string;
  created_at: Date;
  updated_at: Date;
}

const UPDATABLE: readonly (keyof WebhookFields)[] = [
  'name',
  'url',
  'secret',
  'collections',
  'actions',
  'condition',
  'enabled',
  'disabled_reason',
];

function toView(row: WebhookRow): WebhookView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    collections: row.collections,
    actions: row.actions,
    condition: row.condition,
    secret: row.secret,
    enabled: row.enabled,
    disabled_reason: row.disabled_reason,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** `db`: a transaction to write in (the service saves under the schema lock). */
  async insert(
    id: string,
    fields: WebhookFields,
    createdBy: string | null,
    db: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<WebhookView> {
    const rows: WebhookRow[] = await db.query(
      `INSERT INTO stagecraft.webhooks
         (id, name, url, secret, collections, actions, condition, enabled, disabled_reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${COLUMNS}`,
      [
        id,
        fields.name,
        fields.url,
        fields.secret,
        fields.collections,
        fields.actions,
        fields.condition,
        fields.enabled,
        fields.disabled_reason,
        createdBy,
      ],
    );
    return toView(rows[0] as WebhookRow);
  }

  async list(): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.webhooks ORDER BY created_at, id`,
    );
    return rows.map(toView);
  }

  async find(id: string): Promise<WebhookView | undefined> {
    const rows: WebhookRow[] = await this.dataSource.query(`SELECT ${COLUMNS} FROM stagecraft.webhooks WHERE id = $1`, [
      id,
    ]);
    return rows[0] && toView(rows[0]);
  }

  /**
   * A delivery and its webhook, in one query: what each send reads first. Undefined when the
   * delivery is gone (deleting a webhook deletes its deliveries).
   */
  async findWithDelivery(deliveryId: string): Promise<{ webhook: WebhookView; delivery: StoredDelivery } | undefined> {
    return (await this.findWithDeliveries([deliveryId]))[0];
  }

  /** Deliveries and their webhooks, in the order of the ids given; those gone are left out. */
  async findWithDeliveries(
    deliveryIds: readonly string[],
  ): Promise<{ webhook: WebhookView; delivery: StoredDelivery }[]> {
    const rows = await runNamed<WebhookRow & { delivery: StoredDelivery }>(
      this.dataSource,
      'with_deliveries',
      `SELECT ${COLUMNS_OF_W},
              json_build_object('id', d.id, 'webhook_id', d.webhook_id, 'event_id', d.event_id, 'state', d.state,
                                'attempts', d.attempts, 'last_error', d.last_error, 'payload', d.payload) AS delivery
         FROM unnest($1::uuid[]) WITH ORDINALITY AS wanted(id, n)
         JOIN stagecraft.webhook_deliveries d ON d.id = wanted.id
         JOIN stagecraft.webhooks w ON w.id = d.webhook_id
        ORDER BY wanted.n`,
      [deliveryIds],
    );
    return rows.map((row) => ({ webhook: toView(row), delivery: row.delivery }));
  }

  /** Writes only the given fields, so a concurrent change to another field (a 410 disabling) is kept. */
  async update(
    id: string,
    changes: Partial<WebhookFields>,
    db: Pick<EntityManager, 'query'> = this.dataSource,
  ): Promise<WebhookView | undefined> {
    const columns = UPDATABLE.filter((column) => changes[column] !== undefined);
    const assignments = columns.map((column, index) => `${column} = $${index + 2}`);
    const rows: [WebhookRow[], number] = await db.query(
      `UPDATE stagecraft.webhooks SET ${[...assignments, 'updated_at = now()'].join(', ')}
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, ...columns.map((column) => changes[column])],
    );
    const row = rows[0][0];
    return row && toView(row);
  }

  async delete(id: string): Promise<boolean> {
    const rows: [unknown[], number] = await this.dataSource.query(
      'DELETE FROM stagecraft.webhooks WHERE id = $1 RETURNING id',
      [id],
    );
    return rows[1] > 0;
  }

  /** Enabled webhooks listening to `action` on `collection` (an empty list means every collection). */
  async listening(collection: string, action: RecordAction): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM stagecraft.webhooks
        WHERE enabled AND $2 = ANY(actions) AND (cardinality(collections) = 0 OR $1 = ANY(collections))
        ORDER BY created_at, id`,
      [collection, action],
    );
    return rows.map(toView);
  }

  /** Turns a webhook off on the receiver's request (HTTP 410); an admin turns it back on. */
  async disable(id: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE stagecraft.webhooks SET enabled = false, disabled_reason = $2, updated_at = now() WHERE id = $1`,
      [id, reason],
    );
  }
}
