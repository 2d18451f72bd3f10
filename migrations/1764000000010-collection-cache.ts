// Response caching per collection: `{ "ttl": seconds }` or NULL (off, the default).

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CollectionCache1764000000010 implements MigrationInterface {
  name = 'CollectionCache1764000000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "stagecraft"."collections" ADD COLUMN "cache" jsonb NULL`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE "stagecraft"."collections" DROP COLUMN "cache"`);
  }
}
