// Functions run by record events, before writes and on schedules: an event run is retried, so
// its invocations say which try they were and whether the last one gave up (dead-lettered);
// a before-write hook or any function may reject with a problem, a new outcome.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FunctionTriggers1764000000012 implements MigrationInterface {
  name = 'FunctionTriggers1764000000012';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      ALTER TABLE "stagecraft"."function_invocations"
        ADD COLUMN "attempt" integer NULL,
        ADD COLUMN "dead_lettered" boolean NOT NULL DEFAULT false,
        DROP CONSTRAINT "function_invocations_outcome_check",
        ADD CONSTRAINT "function_invocations_outcome_check"
          CHECK ("outcome" IN ('ok', 'rejected', 'error', 'timeout', 'memory', 'crashed', 'refused'))`);
    await runner.query(`
      CREATE INDEX "function_invocations_dead_lettered_idx" ON "stagecraft"."function_invocations" ("function_id", "created_at" DESC)
        WHERE "dead_lettered"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DELETE FROM "stagecraft"."function_invocations" WHERE "outcome" = 'rejected'`);
    await runner.query(`
      ALTER TABLE "stagecraft"."function_invocations"
        DROP COLUMN "attempt",
        DROP COLUMN "dead_lettered",
        DROP CONSTRAINT "function_invocations_outcome_check",
        ADD CONSTRAINT "function_invocations_outcome_check"
          CHECK ("outcome" IN ('ok', 'error', 'timeout', 'memory', 'crashed', 'refused'))`);
  }
}
