// Request and response shapes of /api/v1/jobs: queues with their counts, jobs by state, and
// one job with its data, progress, result and error.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { allQueues, LISTABLE_JOB_STATES, type ListableJobState } from '@stagecraft/jobs';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../common/optional.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const JOBS_LIMIT_DEFAULT = 20;
export const JOBS_LIMIT_MAX = 100;

const FREE_FORM = { type: 'object', additionalProperties: true } as const;

export class JobViewDto {
  @ApiProperty({ description: 'The job id (a UUID for imports and exports)' }) id!: string;
  @ApiProperty({ enum: allQueues }) queue!: string;
  @ApiProperty({ description: 'The job name within its queue', example: 'import' }) name!: string;
  @ApiProperty({
    description: 'waiting, active, delayed, prioritized, completed, failed, waiting-children or unknown',
    example: 'completed',
  })
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
  @ApiProperty({ type: [String], nullable: true, description: 'First lines of the last failure’s stack trace' })
  stacktrace!: string[] | null;
  @ApiProperty() attempts_made!: number;
  @ApiProperty({ description: 'Attempts allowed' }) attempts!: number;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) created_at!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) processed_at!: string | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) finished_at!: string | null;
}

export class JobCountsDto {
  @ApiProperty() waiting!: number;
  @ApiProperty() active!: number;
  @ApiProperty() delayed!: number;
  @ApiProperty() completed!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'Jobs waiting while the queue is paused' }) paused!: number;
  @ApiProperty() prioritized!: number;
}

export class QueueSummaryDto {
  @ApiProperty({ enum: allQueues }) name!: string;
  @ApiProperty({ type: JobCountsDto }) counts!: JobCountsDto;
  @ApiProperty() paused!: boolean;
}

export class QueueListDto {
  @ApiProperty({ type: [QueueSummaryDto] }) data!: QueueSummaryDto[];
}

class JobPageMetaDto {
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ description: 'Jobs in this queue and state' }) total!: number;
}

export class JobPageDto {
  @ApiProperty({ type: [JobViewDto] }) data!: JobViewDto[];
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

  @OffsetParam(1_000_000)
  offset: number = 0;
}

export class JobQueueQueryDto {
  @ApiPropertyOptional({ enum: allQueues, description: 'The queue holding the job, when ids repeat across queues' })
  @Optional()
  @IsString()
  @MaxLength(100)
  queue?: string;
}
