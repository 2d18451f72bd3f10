// UUIDv7 ids for imported records, time-ordered and increasing within a millisecond like the
// records API's. Random bits come from one large pooled read instead of one system call per
// id, which is most of an id's cost when a file has 100,000 rows.

import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

const POOL_IDS = 4096;

export class RecordIds {
  private readonly pool = new Uint8Array(16 * POOL_IDS);
  private offset = this.pool.length;
  private msecs = -1;
  private seq = 0;

  next(): string {
    if (this.offset === this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const random = this.pool.subarray(this.offset, this.offset + 16);
    this.offset += 16;
    const now = Date.now();
    if (now > this.msecs) {
      this.msecs = now;
      // 31 random bits, as the uuid package starts each millisecond's sequence.
      this.seq =
        (((random[6] ?? 0) & 0x7f) << 24) | ((random[7] ?? 0) << 16) | ((random[8] ?? 0) << 8) | (random[9] ?? 0);
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs += 1;
    }
    return uuidv7({ random, msecs: this.msecs, seq: this.seq });
  }
}
