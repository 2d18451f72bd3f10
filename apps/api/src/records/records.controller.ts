// /api/v1/collections/{c}/records: the generated CRUD. Thin: headers (ETag, If-Match,
// If-None-Match, X-Cache) are handled here, everything else in RecordsService (reads of
// collections with response caching on go through CachedReads). Each collection's
// operations are documented in the live OpenAPI document built from metadata, so this
// generic controller stays out of the static one.

import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { OptionalPrincipal, Public, type Principal } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import {
  CachedReads,
  recordEtag,
  RecordsService,
  type ListResult,
  type ReadAnswer,
  type RecordData,
  wantsFreshAnswer,
} from '@stagecraft/records';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CarriesJsonValues } from '../common/json-body.js';
import { RecordReadRequest, type RecordRead } from './record-read.decorator.js';
import { RecordForms } from './record-forms.js';
import { SchemaRaceRetry } from './schema-race-retry.js';

/** An answer of CachedReads: the object, or the JSON text with its X-Cache status. */
function sendRead<T>(reply: FastifyReply, answer: ReadAnswer<T>): T | string {
  if (answer.cache === undefined) return answer.value;
  void reply.header('x-cache', answer.cache).type('application/json; charset=utf-8');
  return answer.body;
}

/** `If-Match: "3"` → 3; absent or `*` → undefined. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) {
    throw new AppException(ErrorCode.BadRequest, 'If-Match must be an ETag from a previous response, like "3".');
  }
  return Number(match[1]);
}

@ApiExcludeController()
@Public() // access is decided per collection and action by its rules
@Controller('collections/:collection/records')
export class RecordsController {
  constructor(
    private readonly records: RecordsService,
    private readonly schemaRace: SchemaRaceRetry,
    private readonly forms: RecordForms,
    private readonly reads: CachedReads,
  ) {}

  @Get()
  async list(
    @RecordReadRequest() { collection, query, cacheControl, principal }: RecordRead,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ListResult | string> {
    const fresh = wantsFreshAnswer(cacheControl);
    return sendRead(reply, await this.schemaRace.run(() => this.reads.list(principal, collection, query, fresh)));
  }

  @Post()
  @CarriesJsonValues(2) // an array of records
  async create(
    @Param('collection') collection: string,
    @Req() request: FastifyRequest,
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ data: RecordData | RecordData[] }> {
    const form = await this.forms.read(request, principal, collection, 'create');
    const created = await this.forms.write(form, () =>
      this.schemaRace.run(() => this.records.create(principal, collection, form.body)),
    );
    if (!Array.isArray(created)) void reply.header('etag', recordEtag(created));
    void reply.status(201);
    return { data: created };
  }

  @Patch()
  @CarriesJsonValues(1)
  async bulkUpdate(
    @Param('collection') collection: string,
    @Query('filter') filter: string | string[] | undefined,
    @Body() body: unknown,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<{ meta: { updated: number } }> {
    return { meta: await this.schemaRace.run(() => this.records.bulkUpdate(principal, collection, filter, body)) };
  }

  @Delete()
  async bulkDelete(
    @Param('collection') collection: string,
    @Query('filter') filter: string | string[] | undefined,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<{ meta: { deleted: number } }> {
    return { meta: await this.schemaRace.run(() => this.records.bulkDelete(principal, collection, filter)) };
  }

  @Get(':id')
  async get(
    @RecordReadRequest() { collection, id, query, ifNoneMatch, cacheControl, principal }: RecordRead,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ data: RecordData } | string | undefined> {
    const fresh = wantsFreshAnswer(cacheControl);
    const { fields, expand } = query;
    const answer = await this.schemaRace.run(() =>
      this.reads.get(principal, collection, id, { fields, expand }, fresh),
    );
    const tag = answer.cache === undefined ? recordEtag(answer.value.data) : answer.etag;
    if (tag !== undefined) void reply.header('etag', tag);
    if (ifNoneMatch !== undefined && ifNoneMatch.split(',').some((given) => given.trim().replace(/^W\//, '') === tag)) {
      if (answer.cache !== undefined) void reply.header('x-cache', answer.cache);
      void reply.status(304);
      return undefined;
    }
    return sendRead(reply, answer);
  }

  @Patch(':id')
  @CarriesJsonValues(1)
  async update(
    @Param('collection') collection: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ data: RecordData }> {
    const version = parseIfMatch(ifMatch);
    const form = await this.forms.read(request, principal, collection, 'update');
    const record = await this.forms.write(form, () =>
      this.schemaRace.run(() => this.records.update(principal, collection, id, form.body, version)),
    );
    void reply.header('etag', recordEtag(record));
    return { data: record };
  }

  @Put(':id')
  @CarriesJsonValues(1)
  async replace(
    @Param('collection') collection: string,
    @Param('id') id: string,
    @Req() request: FastifyRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ data: RecordData }> {
    const version = parseIfMatch(ifMatch);
    const form = await this.forms.read(request, principal, collection, 'update');
    const record = await this.forms.write(form, () =>
      this.schemaRace.run(() => this.records.replace(principal, collection, id, form.body, version)),
    );
    void reply.header('etag', recordEtag(record));
    return { data: record };
  }

  @Delete(':id')
  @HttpCode(204)
  async delete(
    @Param('collection') collection: string,
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<void> {
    await this.schemaRace.run(() => this.records.delete(principal, collection, id, parseIfMatch(ifMatch)));
  }
}
