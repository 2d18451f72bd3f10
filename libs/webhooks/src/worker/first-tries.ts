// Runs a `deliver-webhooks` job: the first try of each delivery a dispatched batch made. A
// record's deliveries to one webhook go out one after another, in the order of its events;
// the rest side by side, as many at once as SendSlots allow. Each first try is claimed
// (beginAttempt with `firstTry`), so a delivery listed in two jobs (its event dispatched
// twice) is sent once. What the first try does not finish is handed over to a `deliver-webhook`
// job of its own: the remaining tries after the backoff, or the dead letter of a delivery that
// ended on its first try. A delivery found tried already is handed over too: by a run of this
// job that died (the worker was killed) with its outcome unrecorded, it must go again; or by the
// other job that listed it, still in flight. So that one send does not become two, that job
// waits until any try in flight has ended (IN_FLIGHT_GRACE_MS past the request timeout), and
// then finds the delivery made, or retries it as a delivery job of a dead worker is retried.
// Once the worker is stopping no try starts; those left are for the job's next run.

import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { webhookRetryDelay } from '../backoff.js';
import type { StoredDelivery } from '../deliveries.repository.js';
import { DeliveryQueue } from '../delivery-queue.js';
import type { WebhookView } from '../webhook.types.js';
import { WebhookSender, type AttemptResult } from '../webhook-sender.js';
import { WebhooksRepository } from '../webhooks.repository.js';
import { SendSlots } from './send-slots.js';

type Outcome = 'sent' | 'handed over' | 'skipped' | 'left';

interface Delivery {
  readonly webhook: WebhookView;
  readonly delivery: StoredDelivery;
}

const FINISHED = new Set(['succeeded', 'dead', 'refused']);
const LEFT = Symbol('left for the next run');

/** Past the request timeout, what writing a try's outcome may take (WebhookSender retries it for 4.25 s). */
const IN_FLIGHT_GRACE_MS = 5_000;

@Injectable()
export class FirstTries {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly sender: WebhookSender,
    private readonly queue: DeliveryQueue,
    private readonly slots: SendSlots,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * What became of the deliveries, counted (`left`: not tried, as `stopping` said); throws
   * once all are settled if any failed.
   */
  async run(deliveryIds: readonly string[], stopping: () => boolean): Promise<Record<Outcome, number>> {
    const chains = new Map<string, Delivery[]>();
    for (const found of await this.webhooks.findWithDeliveries(deliveryIds)) {
      const key = `${found.webhook.id}/${recordIdOf(found.delivery) ?? found.delivery.id}`;
      const chain = chains.get(key);
      if (chain) chain.push(found);
      else chains.set(key, [found]);
    }
    const counts: Record<Outcome, number> = { sent: 0, 'handed over': 0, skipped: 0, left: 0 };
    const settled = await Promise.allSettled(
      [...chains.values()].map(async (chain) => {
        for (const found of chain) counts[await this.tryFirst(found, stopping)] += 1;
      }),
    );
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return counts;
  }

  private async tryFirst({ webhook, delivery }: Delivery, stopping: () => boolean): Promise<Outcome> {
    if (!webhook.enabled || FINISHED.has(delivery.state)) return 'skipped';
    if (delivery.attempts > 0) {
      const { backoffBaseMs, timeoutMs } = this.config.webhooks;
      const delayMs =
        delivery.state === 'retrying'
          ? webhookRetryDelay(delivery.attempts, backoffBaseMs)
          : timeoutMs + IN_FLIGHT_GRACE_MS;
      await this.queue.handOver(delivery.id, delivery.attempts, delayMs);
      return 'handed over';
    }
    const finalAttempt = this.config.webhooks.maxAttempts <= 1;
    const result = await this.slots.run<AttemptResult | undefined | typeof LEFT>(() =>
      stopping() ? Promise.resolve(LEFT) : this.sender.attempt(webhook, delivery, finalAttempt, true),
    );
    if (result === LEFT) return 'left';
    if (!result) return 'skipped';
    if (result.verdict === 'succeeded') return 'sent';
    if (result.state === 'retrying') {
      const delayMs = webhookRetryDelay(result.attempt, this.config.webhooks.backoffBaseMs);
      await this.queue.handOver(delivery.id, result.attempt, delayMs);
    } else {
      await this.queue.handOver(delivery.id, result.attempt, 0, true);
    }
    return 'handed over';
  }
}

function recordIdOf(delivery: StoredDelivery): string | undefined {
  const data = delivery.payload.data as { record_id?: unknown } | null;
  return typeof data?.record_id === 'string' ? data.record_id : undefined;
}
