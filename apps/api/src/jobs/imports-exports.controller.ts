// Imports and exports of collection records, for admins. An import streams its file to disk
// and answers 202 with the queued job; an export answers 202 too, and its file is served from
// /jobs/{id}/download once the worker has written it.

import { createReadStream } from 'node:fs';
import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import type { JobView } from '@stagecraft/jobs';
import { ExportsService, ImportsService } from '@stagecraft/transfer';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NAME, UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { ExportRequestDto, ImportQueryDto } from './imports-exports.dto.js';
import { JobViewDto } from './jobs.dto.js';
import { openUpload, STREAMED_UPLOAD } from './upload-body.js';

const COLLECTION_PARAM = { name: 'collection', schema: NAME, description: 'The collection name' } as const;
const jobLocation = (view: JobView): string => `/api/v1/jobs/${view.id}`;
/** Import and export jobs are named by a UUID, so the path is 49 characters. */
const LOCATION_HEADER = {
  Location: {
    description: 'The job: /api/v1/jobs/{id}',
    schema: { type: 'string', pattern: '^/api/v1/jobs/[0-9a-f-]+$', maxLength: 49 },
  },
};

@ApiTags('imports-exports')
@AdminOnly()
@Controller()
export class ImportsExportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
  ) {}

  @Post('collections/:collection/import')
  @RouteConfig(STREAMED_UPLOAD)
  @HttpCode(202)
  @ApiOperation({
    summary: 'Import records from CSV, NDJSON or a JSON array (raw body or a multipart "file" part)',
    description:
      'Rows are validated like record creates and inserted in batches by the worker. Follow the job at the Location; row errors give 1-based data row numbers (the CSV header is not counted).',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiConsumes('text/csv', 'application/x-ndjson', 'application/json', 'multipart/form-data')
  @ApiBody({
    description: 'The file: the raw body, or a multipart form with a "file" part',
    schema: { type: 'string', format: 'binary' },
  })
  @ApiAcceptedResponse({ type: JobViewDto, description: 'The queued import job', headers: LOCATION_HEADER })
  @ApiBadRequestResponse({ description: 'Empty file, bad format/mode/events, no "file" part, or a system collection' })
  @ApiNotFoundResponse({ description: 'No collection has this name' })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than IMPORT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The format cannot be told from the content type: add ?format=' })
  async import(
    @Param('collection') collection: string,
    @Query() query: ImportQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const view = await this.imports.start(principal, collection, query, () => openUpload(request));
    void reply.header('location', jobLocation(view));
    return view;
  }

  @Post('collections/:collection/export')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Export records to a CSV or NDJSON file, with the records API’s filter, sort and fields',
    description:
      'The worker writes the file; follow the job at the Location, then download it from /jobs/{id}/download.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiAcceptedResponse({ type: JobViewDto, description: 'The queued export job', headers: LOCATION_HEADER })
  @ApiBadRequestResponse({ description: 'Bad format, or a filter, sort or fields the collection refuses' })
  @ApiNotFoundResponse({ description: 'No collection has this name' })
  async export(
    @Param('collection') collection: string,
    @Body() body: ExportRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobView> {
    const view = await this.exports.start(principal, collection, body);
    void reply.header('location', jobLocation(view));
    return view;
  }

  @Get('jobs/:id/download')
  @ApiTags('jobs')
  @ApiOperation({
    summary: 'Download the file of a finished export',
    description: 'Export files are kept for EXPORT_RETENTION_HOURS (default 24) after they are written.',
  })
  @ApiParam({ name: 'id', schema: UUID, description: 'The export job id' })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ description: 'The file, as an attachment named <collection>-<date>.<format>' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No export has this id, it failed, or its file has expired' })
  @ApiConflictResponse({ description: 'The export has not finished yet' })
  async download(@Param('id', ParseIdPipe) id: string): Promise<StreamableFile> {
    const file = await this.exports.download(id);
    return new StreamableFile(createReadStream(file.path), {
      type: file.contentType,
      disposition: `attachment; filename="${file.fileName}"`,
      length: file.bytes,
    });
  }
}
