// One row per running worker process, refreshed on an interval; the API's readiness check
// reads the newest one. Kept in PostgreSQL so it stays visible while Redis is down.

import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'stagecraft', name: 'worker_heartbeats' })
export class WorkerHeartbeatEntity {
  @PrimaryColumn({ name: 'worker_id', type: 'text' })
  workerId!: string;

  @Column({ type: 'text' })
  hostname!: string;

  @Column({ type: 'integer' })
  pid!: number;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'beat_at', type: 'timestamptz' })
  beatAt!: Date;
}
