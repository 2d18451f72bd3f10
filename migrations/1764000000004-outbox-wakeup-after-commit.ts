// The outbox trigger no longer sends NOTIFY. A NOTIFY made inside a transaction takes a
// cluster-wide lock while that transaction commits, so every writing transaction queued
// behind every other; the API now wakes the relay after commit, from its own connection and
// coalesced (libs/events, OutboxWakeup). The poll stays the safety net for changes made
// outside the API.

import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recordEventsFunction } from './sql/record-events-function.js';

export class OutboxWakeupAfterCommit1764000000004 implements MigrationInterface {
  name = 'OutboxWakeupAfterCommit1764000000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(recordEventsFunction({ notifyInTransaction: false }));
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(recordEventsFunction({ notifyInTransaction: true }));
  }
}
