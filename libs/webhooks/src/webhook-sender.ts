// One try of one delivery, shared by the worker's delivery jobs and the API's test send:
// log the attempt, sign, POST through the SSRF-guarded client, record the outcome and the
// delivery's new state, turn the webhook off when the receiver answers 410 Gone, and log every
// failed try.

import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { isDatabaseConnectionFailure } from '@stagecraft/core';
import {
  DeliveriesRepository,
  type AttemptOutcome,
  type StartedAttempt,
  type StoredDelivery,
} from './deliveries.repository.js';
import { SafeHttpClient, type HttpOutcome } from './safe-http/safe-http-client.js';
import { signedHeaders } from './signing.js';
import type { DeliveryState, WebhookPayload, WebhookView } from './webhook.types.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** succeeded: 2xx; gone: 410 (stop for good); refused: SSRF guard; failed: anything else. */
export type DeliveryVerdict = 'succeeded' | 'gone' | 'refused' | 'failed';

export interface AttemptResult {
  readonly verdict: DeliveryVerdict;
  readonly state: DeliveryState;
  readonly attempt: number;
  /** What went wrong, as recorded in last_error; null on success. */
  readonly problem: string | null;
}

export function verdictOf(outcome: HttpOutcome): DeliveryVerdict {
  if (outcome.kind === 'refused') return 'refused';
  if (outcome.kind !== 'response') return 'failed';
  if (outcome.status >= 200 && outcome.status < 300) return 'succeeded';
  return outcome.status === 410 ? 'gone' : 'failed';
}

function stateFor(verdict: DeliveryVerdict, finalAttempt: boolean): DeliveryState {
  switch (verdict) {
    case 'succeeded':
      return 'succeeded';
    case 'refused':
      return 'refused';
    case 'gone':
      return 'dead';
    case 'failed':
      return finalAttempt ? 'dead' : 'retrying';
  }
}

/** The body, top-level members in the Standard Webhooks order (jsonb storage reorders keys). */
export function serializePayload(payload: WebhookPayload): string {
  return JSON.stringify({ id: payload.id, type: payload.type, timestamp: payload.timestamp, data: payload.data });
}

/** Pauses between tries of writing an attempt's outcome over a dropped connection (4.25 s in all). */
const OUTCOME_WRITE_PAUSES_MS = [250, 1_000, 3_000];

@Injectable()
export class WebhookSender implements OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly client: SafeHttpClient;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhooksRepository,
  ) {
    this.client = new SafeHttpClient(config.webhooks);
  }

  onApplicationShutdown(): void {
    this.client.close();
  }

  /**
   * One try; with `finalAttempt` a failure is not retried, so the delivery becomes dead. The
   * try is logged before the request leaves and its outcome written after, so every request
   * that may have reached the receiver is in the delivery log. Undefined when the delivery is
   * gone, or (`firstTry`) when another job has tried it first.
   */
  async attempt(
    webhook: WebhookView,
    delivery: Pick<StoredDelivery, 'id' | 'event_id' | 'payload'>,
    finalAttempt: boolean,
    firstTry = false,
  ): Promise<AttemptResult | undefined> {
    const body = serializePayload(delivery.payload);
    const startedAt = new Date();
    const attempt = await this.deliveries.beginAttempt(delivery.id, startedAt, firstTry);
    if (!attempt) return undefined;
    const timestamp = Math.floor(startedAt.getTime() / 1000);
    const outcome = await this.client.post(
      webhook.url,
      body,
      signedHeaders(webhook.secret, delivery.event_id, timestamp, body),
    );
    const verdict = verdictOf(outcome);
    const state = stateFor(verdict, finalAttempt);
    const problem =
      outcome.kind === 'response'
        ? verdict === 'succeeded'
          ? null
          : `the receiver answered ${outcome.status}`
        : `${outcome.kind}: ${outcome.message}`;
    const record: AttemptOutcome = {
      durationMs: outcome.durationMs,
      responseStatus: outcome.kind === 'response' ? outcome.status : null,
      responseExcerpt: outcome.kind === 'response' ? outcome.excerpt : null,
      error: outcome.kind === 'response' ? null : problem,
    };
    await this.finishAttempt(attempt, record, state, problem);
    if (verdict === 'gone') {
      await this.webhooks.disable(webhook.id, `The receiver answered 410 Gone at ${startedAt.toISOString()}.`);
    }
    this.report(webhook, delivery, attempt.number, verdict, state, problem);
    return { verdict, state, attempt: attempt.number, problem };
  }

  /**
   * Writes the outcome, trying again on a fresh connection when the database dropped the one it
   * used: giving up here would fail the job, and its retry would send the request a second time.
   */
  private async finishAttempt(
    attempt: StartedAttempt,
    outcome: AttemptOutcome,
    state: DeliveryState,
    problem: string | null,
  ): Promise<void> {
    for (const pauseMs of [...OUTCOME_WRITE_PAUSES_MS, undefined]) {
      try {
        await this.deliveries.finishAttempt(attempt, outcome, state, problem);
        return;
      } catch (error) {
        if (pauseMs === undefined || !isDatabaseConnectionFailure(error)) throw error;
        this.logger.warn(
          `Delivery ${attempt.deliveryId}, attempt ${attempt.number}: could not record its outcome ` +
            `(${(error as Error).message}); trying again in ${pauseMs} ms`,
        );
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  }

  private report(
    webhook: WebhookView,
    delivery: Pick<StoredDelivery, 'id'>,
    attempt: number,
    verdict: DeliveryVerdict,
    state: DeliveryState,
    problem: string | null,
  ): void {
    const what = `Webhook "${webhook.name}" (${webhook.id}), delivery ${delivery.id}, attempt ${attempt}`;
    switch (verdict) {
      case 'succeeded':
        return;
      case 'refused':
        this.logger.warn(`${what}: not sent to ${webhook.url}, ${problem ?? 'refused'}`);
        return;
      case 'gone':
        this.logger.warn(`${what}: the receiver answered 410 Gone; the webhook is now disabled`);
        return;
      case 'failed':
        this.logger.warn(
          `${what} failed: ${problem ?? 'unknown error'}; ${state === 'dead' ? 'dead-lettered' : 'will retry'}`,
        );
    }
  }
}
