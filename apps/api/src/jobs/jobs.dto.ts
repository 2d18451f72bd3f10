// Request and response shapes of /api/v1/jobs: queues with their counts, jobs by state, and
// one job with its data, progress, result and error.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { allQueues, BACKLOG_COUNT_CAP, LISTABLE_JOB_STATES, type ListableJobState } from '@stagecraft/jobs';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { COUNT, NULLABLE_TIMESTAMP, SMALL_COUNT } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const JOBS_LIMIT_DEFAULT = 20;
export const JOBS_LIMIT_MAX = 100;
const JOBS_OFFSET_MAX = 1_000_000;

/** BullMQ job ids: no ':' or whitespace, at most 200 characters (JobsAdminService refuses others). */
export const JOB_ID = { type: 'string', pattern: '^[^:\\s]+$', maxLength: 200 } as const;
/** What BullMQ reports a job's state as. */
const JOB_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'completed',
  'failed',
  'waiting-children',
  'unknown',
];
/** The first lines of a failure's stack trace (STACK_LINES in JobsAdminService). */
const STACK_LINES = 6;

const FREE_FORM = { type: 'object', additionalProperties: true } as const;

export class JobViewDto {
  @ApiProperty({ ...JOB_ID, description: 'The job id (a UUID for imports and exports)' }) id!: string;
  @ApiProperty({ enum: allQueues }) queue!: string;
  @ApiProperty({
    description: 'The job name within its queue',
    example: 'import',
    pattern: '^[a-z-]+$',
    maxLength: 64,
  })
  name!: string;
  @ApiProperty({ enum: JOB_STATES, example: 'completed' })
  state!: string;
  @ApiProperty({ ...FREE_FORM, description: 'What the job was given (for imports: collection, format, mode…)' })
  data!: unknown;
  @ApiProperty({
    oneOf: [{ type: 'number' }, FREE_FORM],
    description: 'Progress as the job reports it (imports: processed, inserted, skipped, read_bytes, total_bytes)',
  })
  progress!: unknown;
  @ApiProperty({ ...FREE_FORM, nullable: true, description: 'What the job returned once completed' })
  result!: unknown;
  @ApiProperty({ type: 'string', nullable: true, description: 'Why the last attempt failed' })
  failed_reason!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'string' },
    maxItems: STACK_LINES,
    nullable: true,
    description: 'First lines of the last failure’s stack trace',
  })
  stacktrace!: string[] | null;
  @ApiProperty(SMALL_COUNT) attempts_made!: number;
  @ApiProperty({ ...SMALL_COUNT, description: 'Attempts allowed' }) attempts!: number;
  @ApiProperty(NULLABLE_TIMESTAMP) created_at!: string | null;
  @ApiProperty(NULLABLE_TIMESTAMP) processed_at!: string | null;
  @ApiProperty(NULLABLE_TIMESTAMP) finished_at!: string | null;
}

export class JobCountsDto {
  @ApiProperty(COUNT) waiting!: number;
  @ApiProperty(COUNT) active!: number;
  @ApiProperty(COUNT) delayed!: number;
  @ApiProperty(COUNT) completed!: number;
  @ApiProperty(COUNT) failed!: number;
  @ApiProperty({ ...COUNT, description: 'Jobs waiting while the queue is paused' }) paused!: number;
  @ApiProperty(COUNT) prioritized!: number;
}

export class QueueSummaryDto {
  @ApiProperty({ enum: allQueues }) name!: string;
  @ApiProperty({ type: JobCountsDto }) counts!: JobCountsDto;
  @ApiProperty() paused!: boolean;
}

const CAPPED_COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: BACKLOG_COUNT_CAP } as const;

export class EventBacklogDto {
  @ApiProperty({
    ...NULLABLE_TIMESTAMP,
    description: 'When the change behind the oldest waiting event was made; null when none waits',
  })
  oldest_undelivered_at!: string | null;

  @ApiProperty({
    type: 'number',
    format: 'double',
    minimum: 0,
    maximum: 1e9,
    description:
      'Seconds since then (0 when none waits): the events pipeline is behind by this much. See docs/operations.md for the alert.',
  })
  oldest_undelivered_age_seconds!: number;

  @ApiProperty({
    ...CAPPED_COUNT,
    description: `Events in the outbox not yet relayed (counted up to ${BACKLOG_COUNT_CAP})`,
  })
  outbox_unsent!: number;

  @ApiProperty({
    ...COUNT,
    description: 'Jobs of the `events` queue not yet dispatched (a job holds one or more events)',
  })
  queued_jobs!: number;

  @ApiProperty({
    ...CAPPED_COUNT,
    description: `Webhook deliveries not yet tried (counted up to ${BACKLOG_COUNT_CAP})`,
  })
  deliveries_untried!: number;
}

export class QueueListDto {
  @ApiProperty({ type: [QueueSummaryDto], maxItems: allQueues.length, description: 'One per queue' })
  data!: QueueSummaryDto[];

  @ApiProperty({
    type: EventBacklogDto,
    description: 'How far record events are behind, across the outbox, the events queue and untried deliveries',
  })
  events!: EventBacklogDto;
}

class JobPageMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: JOBS_LIMIT_MAX }) limit!: number;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: JOBS_OFFSET_MAX }) offset!: number;
  @ApiProperty({ ...COUNT, description: 'Jobs in this queue and state' }) total!: number;
}

export class JobPageDto {
  @ApiProperty({ type: [JobViewDto], maxItems: JOBS_LIMIT_MAX }) data!: JobViewDto[];
  @ApiProperty({ type: JobPageMetaDto }) meta!: JobPageMetaDto;
}

export class ListJobsQueryDto {
  @ApiProperty({ enum: allQueues, description: 'The queue to list' })
  @IsString()
  @MaxLength(100)
  queue!: string;

  @ApiProperty({ enum: LISTABLE_JOB_STATES })
  @IsIn(LISTABLE_JOB_STATES)
  state!: ListableJobState;

  @LimitParam(JOBS_LIMIT_MAX, JOBS_LIMIT_DEFAULT)
  limit: number = JOBS_LIMIT_DEFAULT;

  @OffsetParam(JOBS_OFFSET_MAX)
  offset: number = 0;
}

export class JobQueueQueryDto {
  @ApiPropertyOptional({ enum: allQueues, description: 'The queue holding the job, when ids repeat across queues' })
  @Optional()
  @IsString()
  @MaxLength(100)
  queue?: string;
}
