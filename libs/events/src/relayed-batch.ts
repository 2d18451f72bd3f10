// The events of one `events` job as its consumers see them: the references the relay queued,
// and the events themselves, read from the outbox in one query the first time any consumer
// asks (a webhook condition to evaluate, a function to run) and not at all when none does.

import type { DataSource } from 'typeorm';
import { readOutboxEvents } from './outbox-reader.js';
import type { RecordEvent, RecordEventRef } from './record-event.js';

export class RelayedBatch {
  private events: Promise<Map<number, RecordEvent>> | undefined;

  constructor(
    readonly refs: readonly RecordEventRef[],
    private readonly dataSource: DataSource,
  ) {}

  /** The event `ref` names; undefined once the outbox no longer holds it (OUTBOX_RETENTION_HOURS). */
  async event(ref: RecordEventRef): Promise<RecordEvent | undefined> {
    this.events ??= readOutboxEvents(
      this.dataSource,
      this.refs.map((item) => item.sequence),
    );
    return (await this.events).get(ref.sequence);
  }
}
