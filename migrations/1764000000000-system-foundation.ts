// The first system migration: the two schemas, instance settings and worker heartbeats.

import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SystemFoundation1764000000000 implements MigrationInterface {
  name = 'SystemFoundation1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "stagecraft"`);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "data"`);
    await runner.query(`
      CREATE TABLE "stagecraft"."settings" (
        "key" text PRIMARY KEY,
        "value" jsonb NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`
      CREATE TABLE "stagecraft"."worker_heartbeats" (
        "worker_id" text PRIMARY KEY,
        "hostname" text NOT NULL,
        "pid" integer NOT NULL,
        "started_at" timestamptz NOT NULL,
        "beat_at" timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "stagecraft"."worker_heartbeats"`);
    await runner.query(`DROP TABLE "stagecraft"."settings"`);
  }
}
