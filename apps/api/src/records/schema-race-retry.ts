// A records request whose query met a column or table that a schema change renamed or dropped
// while it ran (its snapshot was read just before the commit) runs once more on the new schema,
// so readers see the change as one step, never a 500. A plain wrapper rather than a Nest
// interceptor: an interceptor puts every records request through an RxJS pipeline, about 5 % of
// the API's CPU on a simple read.

import { Injectable } from '@nestjs/common';
import { SchemaCacheService } from '@stagecraft/collections';
import { isSchemaRace } from '@stagecraft/records';

@Injectable()
export class SchemaRaceRetry {
  constructor(private readonly cache: SchemaCacheService) {}

  /** A promise chain rather than an async function: every records request runs through here. */
  run<T>(work: () => Promise<T>): Promise<T> {
    // The work reads this snapshot or a newer one; a change after it explains the failure.
    const held = this.cache.heldVersion();
    return work().catch(async (error: unknown) => {
      if (!isSchemaRace(error) || !(await this.cache.changedSince(held))) throw error;
      return work();
    });
  }
}
