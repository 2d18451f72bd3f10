// A webhook attempt is logged before its request leaves, and its outcome filled in after, so a
// try whose outcome could not be written (the worker died, or lost its database, while the
// receiver answered) still shows in the delivery log. Such a row has no duration.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeliveryAttemptBeforeSend1764000000006 implements MigrationInterface {
  name = 'DeliveryAttemptBeforeSend1764000000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "stagecraft"."webhook_delivery_attempts" ALTER COLUMN "duration_ms" DROP NOT NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `UPDATE "stagecraft"."webhook_delivery_attempts" SET "duration_ms" = 0 WHERE "duration_ms" IS NULL`,
    );
    await runner.query(`ALTER TABLE "stagecraft"."webhook_delivery_attempts" ALTER COLUMN "duration_ms" SET NOT NULL`);
  }
}
