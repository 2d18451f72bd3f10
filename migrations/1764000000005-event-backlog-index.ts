// The event backlog figure (libs/jobs, EventBacklogService) reads the oldest webhook delivery
// not yet tried on every metrics scrape and jobs screen refresh; this partial index keeps that
// one index probe however long the delivery log grows.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EventBacklogIndex1764000000005 implements MigrationInterface {
  name = 'EventBacklogIndex1764000000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX "webhook_deliveries_untried_idx" ON "stagecraft"."webhook_deliveries" ("created_at")
       WHERE "state" = 'pending' AND "attempts" = 0`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX "stagecraft"."webhook_deliveries_untried_idx"`);
  }
}
