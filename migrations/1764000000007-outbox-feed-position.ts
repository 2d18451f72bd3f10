// Realtime delivers events in the order the relay sent them, and resumes a client from the
// last event it received. An outbox id cannot serve as that position: ids are taken when a
// transaction writes, so one that commits late can be relayed after a larger id. The relay
// therefore numbers each event as it sends it (`feed_position`: 1, 2, 3 … without gaps, taken
// from the one-row `outbox_feed` counter under its lock, so a rolled-back relay leaves no hole
// and purging old events never restarts the count), and API processes read the outbox by that
// number to catch up.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxFeedPosition1764000000007 implements MigrationInterface {
  name = 'OutboxFeedPosition1764000000007';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "stagecraft"."outbox" ADD COLUMN "feed_position" bigint NULL`);
    await runner.query(`CREATE TABLE "stagecraft"."outbox_feed" (
        "only_row" boolean PRIMARY KEY DEFAULT true CHECK ("only_row"),
        "head" bigint NOT NULL DEFAULT 0
      )`);
    await runner.query(`INSERT INTO "stagecraft"."outbox_feed" DEFAULT VALUES`);
    // Events already sent before this version are not in the feed.
    await runner.query(
      `CREATE UNIQUE INDEX "outbox_feed_position_idx" ON "stagecraft"."outbox" ("feed_position")
       WHERE "feed_position" IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "stagecraft"."outbox_feed_position_idx"`);
    await runner.query(`DROP TABLE "stagecraft"."outbox_feed"`);
    await runner.query(`ALTER TABLE "stagecraft"."outbox" DROP COLUMN "feed_position"`);
  }
}
