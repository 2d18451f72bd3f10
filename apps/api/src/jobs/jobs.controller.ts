// /api/v1/jobs: the background queues for admins: counts by state, jobs by state, one job with
// its data, progress, result and error, retry of a failed job and removal of a finished one.

import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '@stagecraft/auth';
import { EventBacklogService, JobsAdminService, type JobPage, type JobView } from '@stagecraft/jobs';
import { TransferFilesService } from '@stagecraft/transfer';
import { JOB_ID, JobPageDto, JobQueueQueryDto, JobViewDto, ListJobsQueryDto, QueueListDto } from './jobs.dto.js';

const ID_PARAM = { name: 'id', schema: JOB_ID, description: 'The job id' } as const;

@ApiTags('jobs')
@AdminOnly()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly jobs: JobsAdminService,
    private readonly backlog: EventBacklogService,
    private readonly files: TransferFilesService,
  ) {}

  @Get('queues')
  @ApiOperation({
    summary: 'Every queue with its job counts by state, and the event backlog',
    description:
      'What the jobs screen shows first: how much waits, runs and failed per queue, and how far record events are behind (the age of the oldest one not yet handed to its consumers).',
  })
  @ApiOkResponse({ type: QueueListDto })
  async queues(): Promise<QueueListDto> {
    const [data, events] = await Promise.all([this.jobs.summaries(), this.backlog.measure()]);
    return { data, events };
  }

  @Get()
  @ApiOperation({
    summary: 'Jobs of one queue in one state, newest first',
    description: 'A page at a time with `limit` and `offset`; `meta.total` counts the jobs in that state.',
  })
  @ApiOkResponse({ type: JobPageDto })
  @ApiBadRequestResponse({ description: 'Unknown queue or state, or limit/offset out of range' })
  list(@Query() query: ListJobsQueryDto): Promise<JobPage> {
    return this.jobs.list(query.queue, query.state, query.limit, query.offset);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One job, found in whichever queue holds it',
    description: 'With its data, progress, result or failure. Imports and exports report their progress here.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: JobViewDto })
  @ApiBadRequestResponse({ description: 'Unknown queue' })
  @ApiNotFoundResponse({ description: 'No job has this id' })
  @ApiConflictResponse({ description: 'Jobs with this id exist in several queues: name one with ?queue=' })
  get(@Param('id') id: string, @Query() query: JobQueueQueryDto): Promise<JobView> {
    return this.jobs.get(id, query.queue);
  }

  @Post(':id/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run a failed job again',
    description: 'The job keeps its id and data; its attempts start over.',
  })
  @ApiParam(ID_PARAM)
  @ApiAcceptedResponse({ type: JobViewDto, description: 'The job, waiting to run again' })
  @ApiBadRequestResponse({ description: 'Unknown queue' })
  @ApiNotFoundResponse({ description: 'No job has this id' })
  @ApiConflictResponse({ description: 'The job has not failed (or its id repeats across queues)' })
  retry(@Param('id') id: string, @Query() query: JobQueueQueryDto): Promise<JobView> {
    return this.jobs.retry(id, query.queue);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a job that is not running, with its import upload or export file',
    description: 'A running job cannot be removed (409): wait for it to finish or fail.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: 'Unknown queue' })
  @ApiNotFoundResponse({ description: 'No job has this id' })
  @ApiConflictResponse({ description: 'The job is running (or its id repeats across queues)' })
  async remove(@Param('id') id: string, @Query() query: JobQueueQueryDto): Promise<void> {
    const removed = await this.jobs.remove(id, query.queue);
    await this.files.forgetJob(removed.queue, removed.id);
  }
}
