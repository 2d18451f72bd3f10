// SQL for stagecraft.webhook_deliveries and their attempts: one delivery per webhook and event
// (a re-dispatched event finds the delivery it already has), one attempt row per try, and the
// delivery log the admin API reads.

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { uuidV7 } from '@stagecraft/core';
import { outboxEventsQuery } from '@stagecraft/events';
import { runNamed } from './named-statement.js';
import type { DeliveryState, DeliveryView, WebhookPayload } from './webhook.types.js';

export interface DeliveryStatus {
  readonly id: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly created: boolean;
}

/** A delivery dispatch wants: the webhook, and the event by its outbox position and id. */
export interface WantedDelivery {
  readonly webhookId: string;
  readonly sequence: number;
  readonly eventId: string;
}

export interface StoredDelivery {
  readonly id: string;
  readonly webhook_id: string;
  readonly event_id: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly payload: WebhookPayload;
}

/** What an attempt row says until its outcome is written; it stays if that write never happens. */
export const OUTCOME_NOT_RECORDED =
  'unknown: no outcome was recorded (the worker stopped or lost its database during the try); the receiver may have got it';

/** A try logged by beginAttempt, waiting for its outcome. */
export interface StartedAttempt {
  readonly rowId: string;
  readonly deliveryId: string;
  /** 1 for the delivery's first try. */
  readonly number: number;
}

export interface AttemptOutcome {
  readonly durationMs: number;
  readonly responseStatus: number | null;
  readonly responseExcerpt: string | null;
  readonly error: string | null;
}

const ISO = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const VIEW_COLUMNS = `
  d.id, d.webhook_id, d.event_id, d.event_type, d.state, d.attempts, d.last_status, d.last_error,
  ${ISO('d.created_at')} AS created_at, ${ISO('d.updated_at')} AS updated_at, d.payload,
  coalesce((
    SELECT json_agg(json_build_object(
             'attempt', a.attempt, 'started_at', ${ISO('a.started_at')}, 'duration_ms', a.duration_ms,
             'response_status', a.response_status, 'response_excerpt', a.response_excerpt, 'error', a.error)
           ORDER BY a.attempt, a.id)
      FROM stagecraft.webhook_delivery_attempts a WHERE a.delivery_id = d.id), '[]'::json) AS attempt_log`;

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The delivery of `payload` to a webhook, created unless the event already has one. */
  async createOnce(webhookId: string, payload: WebhookPayload): Promise<DeliveryStatus> {
    const inserted: { id: string }[] = await this.dataSource.query(
      `INSERT INTO stagecraft.webhook_deliveries (id, webhook_id, event_id, event_type, payload)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
      [uuidV7(), webhookId, payload.id, payload.type, payload],
    );
    if (inserted[0]) return { id: inserted[0].id, state: 'pending', attempts: 0, created: true };
    const existing: Omit<DeliveryStatus, 'created'>[] = await this.dataSource.query(
      `SELECT id, state, attempts FROM stagecraft.webhook_deliveries WHERE webhook_id = $1 AND event_id = $2`,
      [webhookId, payload.id],
    );
    const found = existing[0];
    if (!found) throw new Error(`Delivery of event ${payload.id} to webhook ${webhookId} vanished`);
    return { ...found, created: false };
  }

  /**
   * The deliveries of many events at once, in the order given: each created unless its event
   * already has one for that webhook (then the existing one is returned, `created: false`).
   * Bodies are the events as the outbox holds them (`outboxEventsQuery`), copied in SQL. An
   * event no longer in the outbox gets none and is left out of the answer. Two statements for
   * the whole list, however long.
   */
  async createMany(wanted: readonly WantedDelivery[]): Promise<DeliveryStatus[]> {
    if (wanted.length === 0) return [];
    const rows = wanted.map((item) => ({ ...item, id: uuidV7() }));
    const inserted = await runNamed<{ id: string }>(
      this.dataSource,
      'create_many',
      `WITH events AS (${outboxEventsQuery('$3::bigint[]')})
       INSERT INTO stagecraft.webhook_deliveries (id, webhook_id, event_id, event_type, payload)
       SELECT w.id, w.webhook_id, (e.event ->> 'id')::uuid, e.event ->> 'type', e.event
         FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS w(id, webhook_id, sequence)
         JOIN events e ON e.sequence = w.sequence
       ON CONFLICT (webhook_id, event_id) DO NOTHING RETURNING id`,
      [rows.map((row) => row.id), rows.map((row) => row.webhookId), rows.map((row) => row.sequence)],
    );
    const created = new Set(inserted.map((row) => row.id));
    const existing = new Map<string, Omit<DeliveryStatus, 'created'>>();
    const missing = rows.filter((row) => !created.has(row.id));
    if (missing.length > 0) {
      const found: (Omit<DeliveryStatus, 'created'> & { webhook_id: string; event_id: string })[] =
        await this.dataSource.query(
          `SELECT d.id, d.webhook_id, d.event_id, d.state, d.attempts FROM stagecraft.webhook_deliveries d
             JOIN unnest($1::uuid[], $2::uuid[]) AS w(webhook_id, event_id)
               ON d.webhook_id = w.webhook_id AND d.event_id = w.event_id`,
          [missing.map((item) => item.webhookId), missing.map((item) => item.eventId)],
        );
      for (const { webhook_id, event_id, ...status } of found) existing.set(`${webhook_id}/${event_id}`, status);
    }
    return rows.flatMap((row): DeliveryStatus[] => {
      if (created.has(row.id)) return [{ id: row.id, state: 'pending', attempts: 0, created: true }];
      const found = existing.get(`${row.webhookId}/${row.eventId}`);
      return found ? [{ ...found, created: false }] : [];
    });
  }

  /**
   * Logs a try about to be sent, before its request leaves: whatever happens next (the worker
   * dies, the database drops under it), a request that reached the receiver has its row. The
   * row reads `unknown` until finishAttempt writes the outcome. Undefined when the delivery is
   * gone, or (`firstTry`) when it has been tried already: the row lock makes this the claim
   * that lets only one of two jobs holding the same new delivery send it.
   */
  async beginAttempt(deliveryId: string, startedAt: Date, firstTry = false): Promise<StartedAttempt | undefined> {
    const rows = await runNamed<{ id: string; attempt: number }>(
      this.dataSource,
      'begin_attempt',
      `WITH d AS (
         UPDATE stagecraft.webhook_deliveries SET attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND (NOT $4::boolean OR attempts = 0) RETURNING id, attempts)
       INSERT INTO stagecraft.webhook_delivery_attempts (delivery_id, attempt, started_at, duration_ms, error)
       SELECT d.id, d.attempts, $2, NULL, $3 FROM d RETURNING id, attempt`,
      [deliveryId, startedAt, OUTCOME_NOT_RECORDED, firstTry],
    );
    const row = rows[0];
    return row && { rowId: row.id, deliveryId, number: row.attempt };
  }

  /** Writes a try's outcome and the delivery's new state in one statement. */
  async finishAttempt(
    attempt: StartedAttempt,
    outcome: AttemptOutcome,
    state: DeliveryState,
    lastError: string | null,
  ): Promise<void> {
    await runNamed(
      this.dataSource,
      'finish_attempt',
      `WITH a AS (
         UPDATE stagecraft.webhook_delivery_attempts
            SET duration_ms = $3, response_status = $4, response_excerpt = $5, error = $6
          WHERE id = $1)
       UPDATE stagecraft.webhook_deliveries
          SET state = $7, last_status = $4, last_error = $8, updated_at = now()
        WHERE id = $2`,
      [
        attempt.rowId,
        attempt.deliveryId,
        outcome.durationMs,
        outcome.responseStatus,
        outcome.responseExcerpt,
        outcome.error,
        state,
        lastError,
      ],
    );
  }

  async setState(deliveryId: string, state: DeliveryState): Promise<void> {
    await this.dataSource.query(
      `UPDATE stagecraft.webhook_deliveries SET state = $2, updated_at = now() WHERE id = $1`,
      [deliveryId, state],
    );
  }

  async list(
    webhookId: string,
    options: { state?: DeliveryState; limit: number; offset: number },
  ): Promise<{ data: DeliveryView[]; total: number }> {
    const params = [webhookId, options.state ?? null];
    const where = `d.webhook_id = $1 AND ($2::text IS NULL OR d.state = $2)`;
    const data: DeliveryView[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM stagecraft.webhook_deliveries d WHERE ${where}
        ORDER BY d.created_at DESC, d.id DESC LIMIT $3 OFFSET $4`,
      [...params, options.limit, options.offset],
    );
    const counted: { total: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS total FROM stagecraft.webhook_deliveries d WHERE ${where}`,
      params,
    );
    return { data, total: counted[0]?.total ?? 0 };
  }

  async view(webhookId: string, deliveryId: string): Promise<DeliveryView | undefined> {
    const rows: DeliveryView[] = await this.dataSource.query(
      `SELECT ${VIEW_COLUMNS} FROM stagecraft.webhook_deliveries d WHERE d.webhook_id = $1 AND d.id = $2`,
      [webhookId, deliveryId],
    );
    return rows[0];
  }
}
