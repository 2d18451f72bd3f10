// /api/v1/schema: schema as code. A snapshot of every collection, the plan a snapshot would
// produce here (diff), and applying one (idempotent; drops need allow_destructive); and the
// TypeScript types of @stagecraft/client for this schema.

import { Body, Controller, Get, Header, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import { generateClientTypes } from '@stagecraft/client-codegen';
import { CollectionsService, type SchemaDocument } from '@stagecraft/collections';
import { CarriesJsonValues } from '../common/json-body.js';
import { actorOf, changeResponse, type ChangeResponse } from './change-response.js';
import {
  ApplySchemaDto,
  DryRunQuery,
  PlanOnlyChangeDto,
  SchemaDocumentDto,
  SchemaSnapshotDto,
} from './collections.dto.js';

const BAD_DOCUMENT = 'The document is invalid: every problem is listed in `errors` with its path';

function asDocument(body: SchemaDocumentDto): SchemaDocument {
  // The engine validates every collection in depth and reports each problem with its path.
  return { format: 1, collections: body.collections as unknown as SchemaDocument['collections'] };
}

@ApiTags('schema')
@AdminOnly()
@Controller('schema')
export class SchemaController {
  constructor(private readonly collections: CollectionsService) {}

  @Get('snapshot')
  @ApiOperation({
    summary: 'Every collection and field, in a stable order, as a document to keep in version control',
    description: 'POST it to /schema/diff or /schema/apply on another instance to make its schema the same.',
  })
  @ApiOkResponse({ type: SchemaSnapshotDto })
  snapshot(): Promise<SchemaDocument> {
    return this.collections.snapshot();
  }

  @Get('client-types')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('content-disposition', 'inline; filename="stagecraft.d.ts"')
  @ApiOperation({
    summary: 'The TypeScript types of @stagecraft/client for this schema, as a declaration file',
    description:
      'The file `stagecraft gen types` writes, for apps with no Stagecraft checkout: save it as `stagecraft.d.ts` and type the client with `createClient<Schema>(url)` (docs/client.md).',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'A TypeScript declaration file', schema: { type: 'string', maxLength: 10_000_000 } })
  async clientTypes(): Promise<string> {
    return generateClientTypes((await this.collections.snapshot()).collections);
  }

  @Post('diff')
  @CarriesJsonValues(6) // collections[].fields[].options.default of a json field
  @HttpCode(200)
  @ApiOperation({
    summary: 'The actions and SQL that applying this document would run here; nothing is applied',
    description: 'Fields and collections are matched by id, so renames show as renames, not drops.',
  })
  @ApiOkResponse({
    type: PlanOnlyChangeDto,
    description: '`meta.actions` lists the plan; destructive actions are flagged',
  })
  @ApiBadRequestResponse({ description: BAD_DOCUMENT })
  async diff(@Body() body: SchemaDocumentDto, @CurrentPrincipal() principal: Principal): Promise<ChangeResponse<null>> {
    return changeResponse(await this.collections.diff(asDocument(body), actorOf(principal)), true);
  }

  @Post('apply')
  @CarriesJsonValues(6)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make the schema equal this document; applying it twice changes nothing',
    description: 'The whole plan runs in one transaction, or none of it. With ?dry_run=true nothing is applied.',
  })
  @ApiOkResponse({ type: PlanOnlyChangeDto, description: '`meta.actions` lists what ran (or would run)' })
  @ApiBadRequestResponse({ description: BAD_DOCUMENT })
  @ApiConflictResponse({
    description:
      'The plan drops data and allow_destructive is not set, records break it, or a webhook condition still uses a field it drops (`references` names each webhook)',
  })
  async apply(
    @Body() body: ApplySchemaDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<null>> {
    const dryRun = query.dry_run === 'true';
    const outcome = await this.collections.apply(asDocument(body), {
      actor: actorOf(principal),
      dryRun,
      allowDestructive: body.allow_destructive ?? false,
    });
    return changeResponse(outcome, dryRun);
  }
}
