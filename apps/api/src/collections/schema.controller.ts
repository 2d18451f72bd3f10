// /api/v1/schema: schema as code. A snapshot of every collection and function, the plan a
// snapshot would produce here (diff), and applying one (idempotent; drops and function deletes
// need allow_destructive); and the TypeScript types of @stagecraft/client for this schema.

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
import { SchemaDocumentService, type FullSchemaSnapshot, type SchemaDocumentInput } from '@stagecraft/functions';
import { CarriesJsonValues } from '../common/json-body.js';
import { actorOf, schemaPlanResponse, type SchemaPlanResponse } from './change-response.js';
import { DryRunQuery } from './collections.dto.js';
import { ApplySchemaDto, SchemaDocumentDto, SchemaPlanDto, SchemaSnapshotDto } from './schema.dto.js';

const BAD_DOCUMENT =
  'The document is invalid: every problem is listed in `errors` with its path (`collections[1].fields[0].type`, ' +
  '`functions[2].source` for a compile error, `functions[2].triggers.events[0].collection`); nothing was applied';

function asDocument(body: SchemaDocumentDto): SchemaDocumentInput {
  // The engines validate every collection and function in depth and report each problem with its path.
  return {
    format: 1,
    collections: body.collections as unknown as SchemaDocument['collections'],
    ...(body.functions !== undefined && { functions: body.functions }),
  };
}

@ApiTags('schema')
@AdminOnly()
@Controller('schema')
export class SchemaController {
  constructor(
    private readonly collections: CollectionsService,
    private readonly documents: SchemaDocumentService,
  ) {}

  @Get('snapshot')
  @ApiOperation({
    summary: 'Every collection, field and function, in a stable order, as a document to keep in version control',
    description:
      'POST it to /schema/diff or /schema/apply on another instance to make its schema and functions the same. ' +
      'Functions carry their deployed source, triggers and settings; secret values are never part of it.',
  })
  @ApiOkResponse({ type: SchemaSnapshotDto })
  snapshot(): Promise<FullSchemaSnapshot> {
    return this.documents.snapshot();
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
    description:
      'Fields and collections are matched by id, so renames show as renames, not drops; functions by name. ' +
      'Every function is compiled and its triggers checked against the collections the document makes.',
  })
  @ApiOkResponse({
    type: SchemaPlanDto,
    description:
      "`meta.actions` lists the collections' plan and `meta.functions` the functions'; destructive actions are flagged",
  })
  @ApiBadRequestResponse({ description: BAD_DOCUMENT })
  async diff(@Body() body: SchemaDocumentDto, @CurrentPrincipal() principal: Principal): Promise<SchemaPlanResponse> {
    return schemaPlanResponse(await this.documents.diff(asDocument(body), actorOf(principal)), true);
  }

  @Post('apply')
  @CarriesJsonValues(6)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make the schema and the functions equal this document; applying it twice changes nothing',
    description:
      'Everything is checked first (every function compiled, its triggers checked against the collections the ' +
      "document makes): a problem anywhere applies nothing. Then the collections' plan runs in one transaction, " +
      'and the functions deploy after it (an unchanged source deploys no version). With ?dry_run=true nothing is applied.',
  })
  @ApiOkResponse({
    type: SchemaPlanDto,
    description: '`meta.actions` and `meta.functions` list what ran (or would run)',
  })
  @ApiBadRequestResponse({ description: BAD_DOCUMENT })
  @ApiConflictResponse({
    description:
      'The plan drops data or deletes functions and allow_destructive is not set, records break it, or a webhook condition still uses a field it drops (`references` names each webhook)',
  })
  async apply(
    @Body() body: ApplySchemaDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<SchemaPlanResponse> {
    const dryRun = query.dry_run === 'true';
    const outcome = await this.documents.apply(asDocument(body), {
      actor: actorOf(principal),
      dryRun,
      allowDestructive: body.allow_destructive ?? false,
    });
    return schemaPlanResponse(outcome, dryRun);
  }
}
