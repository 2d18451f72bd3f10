// Consumers of relayed record events besides webhooks (functions run by events): the worker's
// `events` consumer hands each batch to them in outbox order, after the webhooks, and retries
// the batch if one throws. A sink must therefore accept the same events twice without acting
// twice (functions key their runs by event id).

import { Injectable } from '@nestjs/common';
import type { RelayedBatch } from './relayed-batch.js';

export interface RecordEventSink {
  accept(batch: RelayedBatch): Promise<void>;
}

@Injectable()
export class RecordEventSinks {
  private readonly sinks: RecordEventSink[] = [];

  add(sink: RecordEventSink): void {
    this.sinks.push(sink);
  }

  async dispatch(batch: RelayedBatch): Promise<void> {
    for (const sink of this.sinks) await sink.accept(batch);
  }
}
