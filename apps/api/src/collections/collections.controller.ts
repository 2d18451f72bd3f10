// /api/v1/collections and their fields: the schema designer's API, admins only. Every change
// accepts ?dry_run=true and answers with the planned actions and their SQL.

import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import { CollectionsService } from '@stagecraft/collections';
import type { CollectionDefinition, FieldDefinition } from '@stagecraft/schema';
import type { FastifyReply } from 'fastify';
import { NAME } from '../common/api-schemas.js';
import { CarriesJsonValues } from '../common/json-body.js';
import { actorOf, changeResponse, type ChangeResponse } from './change-response.js';
import {
  CollectionChangeDto,
  CollectionListDto,
  CollectionResponseDto,
  CreateCollectionDto,
  DryRunQuery,
  FieldChangeDto,
  FieldChangesDto,
  FieldInputDto,
  FieldOrderDto,
  PlanOnlyChangeDto,
  ReplaceCollectionDto,
  UpdateCollectionDto,
} from './collections.dto.js';

const COLLECTION_PARAM = { name: 'collection', schema: NAME, description: 'The collection name' } as const;
const FIELD_PARAM = { name: 'field', schema: NAME, description: 'The field name' } as const;
const DRY_RUN_OK = 'With ?dry_run=true: the plan, nothing applied';
const BAD_CHANGE = 'Invalid names, types, options or rules; every problem listed in `errors`';
const BAD_DRY_RUN = 'dry_run is neither true nor false';

@ApiTags('collections')
@AdminOnly()
@Controller('collections')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  @ApiOperation({
    summary: 'Every collection with its fields and rules',
    description: 'Users included, with its system fields. Each collection has its own records paths below.',
  })
  @ApiOkResponse({ type: CollectionListDto })
  async list(): Promise<{ data: readonly CollectionDefinition[] }> {
    return { data: await this.collections.list() };
  }

  @Post()
  @CarriesJsonValues(4) // fields[].options.default of a json field
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Create a collection: its table is created at once, its endpoints are live',
    description:
      'The table, its constraints and indexes are created in one transaction with the metadata. `meta.actions` lists the SQL.',
  })
  @ApiCreatedResponse({ type: CollectionChangeDto, description: 'Created' })
  @ApiOkResponse({ type: CollectionChangeDto, description: DRY_RUN_OK })
  @ApiConflictResponse({ description: 'A collection of that name exists' })
  async create(
    @Body() body: CreateCollectionDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChangeResponse<CollectionDefinition>> {
    const dryRun = query.dry_run === 'true';
    const outcome = await this.collections.create(body, { actor: actorOf(principal), dryRun });
    void reply.status(dryRun ? 200 : 201);
    return changeResponse(outcome, dryRun);
  }

  @Get(':collection')
  @ApiOperation({ summary: 'One collection', description: 'Its fields in display order, and its access rules.' })
  @ApiParam(COLLECTION_PARAM)
  @ApiOkResponse({ type: CollectionResponseDto })
  @ApiNotFoundResponse({ description: 'No such collection' })
  async get(@Param('collection') name: string): Promise<{ data: CollectionDefinition }> {
    return { data: await this.collections.get(name) };
  }

  @Patch(':collection')
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Rename (data kept), relabel, describe, or change access rules',
    description: 'Only what is given changes; a rename is `ALTER TABLE … RENAME`, so records are kept.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiOkResponse({ type: CollectionChangeDto, description: `The collection after the change. ${DRY_RUN_OK}` })
  @ApiNotFoundResponse({ description: 'No such collection' })
  async update(
    @Param('collection') name: string,
    @Body() body: UpdateCollectionDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<CollectionDefinition>> {
    const dryRun = query.dry_run === 'true';
    return changeResponse(await this.collections.update(name, body, { actor: actorOf(principal), dryRun }), dryRun);
  }

  @Put(':collection')
  @CarriesJsonValues(4)
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Replace the fields, label, description and rules in one schema change: all of it applies, or none',
    description:
      'Fields are listed in the wanted order. A field with the `id` of an existing field keeps its data ' +
      '(rename, type or options change); a field without `id` is added; an existing field left out is dropped, ' +
      'which needs `allow_destructive`. With ?dry_run=true nothing is applied and `meta.actions` lists the SQL.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiOkResponse({
    type: CollectionChangeDto,
    description: 'The collection as it is (or, with ?dry_run=true, would be) after the change',
  })
  @ApiNotFoundResponse({ description: 'No such collection' })
  @ApiConflictResponse({
    description:
      'The plan drops data and allow_destructive is not set (the actions are listed), existing records break a change (says how many, and which), ' +
      'or a dropped field is still used by a rule the request keeps or by a webhook condition (`references` names each)',
  })
  async replace(
    @Param('collection') name: string,
    @Body() body: ReplaceCollectionDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<CollectionDefinition>> {
    const dryRun = query.dry_run === 'true';
    const { allow_destructive: allowDestructive, ...replacement } = body;
    const outcome = await this.collections.replace(name, replacement, {
      actor: actorOf(principal),
      dryRun,
      allowDestructive: allowDestructive ?? false,
    });
    return changeResponse(outcome, dryRun);
  }

  @Delete(':collection')
  @ApiBadRequestResponse({ description: BAD_DRY_RUN })
  @ApiOperation({
    summary: 'Delete a collection and its table with every record',
    description: 'Refused while other collections relate to it; drop or change those relations first.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiOkResponse({ type: PlanOnlyChangeDto, description: `Deleted. ${DRY_RUN_OK}` })
  @ApiNotFoundResponse({ description: 'No such collection' })
  @ApiConflictResponse({ description: 'Other collections relate to it' })
  async delete(
    @Param('collection') name: string,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<null>> {
    const dryRun = query.dry_run === 'true';
    return changeResponse(await this.collections.delete(name, { actor: actorOf(principal), dryRun }), dryRun);
  }

  @Post(':collection/fields')
  @CarriesJsonValues(2) // options.default of a json field
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Add a field: a column is added at once',
    description: 'Many-to-many fields add a junction table; one-to-many fields add nothing (they are virtual).',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiCreatedResponse({ type: FieldChangeDto, description: 'Added' })
  @ApiOkResponse({ type: FieldChangeDto, description: DRY_RUN_OK })
  @ApiNotFoundResponse({ description: 'No such collection' })
  @ApiConflictResponse({ description: 'Required without a default while records exist (says how many)' })
  async addField(
    @Param('collection') name: string,
    @Body() body: FieldInputDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ChangeResponse<FieldDefinition>> {
    const dryRun = query.dry_run === 'true';
    const outcome = await this.collections.addField(name, body, { actor: actorOf(principal), dryRun });
    void reply.status(dryRun ? 200 : 201);
    return changeResponse(outcome, dryRun);
  }

  @Patch(':collection/fields/:field')
  @CarriesJsonValues(2)
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Rename (data kept), change options and constraints, change type, or move a field',
    description:
      'Existing records are checked first: a change they break is refused with how many and which, and nothing changes. ' +
      'A rename rewrites the access rules and webhook conditions that use the field in the same transaction (`meta.rewritten`).',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiParam(FIELD_PARAM)
  @ApiOkResponse({ type: FieldChangeDto, description: `The field after the change. ${DRY_RUN_OK}` })
  @ApiNotFoundResponse({ description: 'No such collection or field' })
  @ApiConflictResponse({
    description:
      'Existing records break the change (says how many, and which), or a webhook condition over several collections cannot follow the rename (`references` names it)',
  })
  async updateField(
    @Param('collection') name: string,
    @Param('field') field: string,
    @Body() body: FieldChangesDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<FieldDefinition>> {
    const dryRun = query.dry_run === 'true';
    return changeResponse(
      await this.collections.updateField(name, field, body, { actor: actorOf(principal), dryRun }),
      dryRun,
    );
  }

  @Delete(':collection/fields/:field')
  @ApiBadRequestResponse({ description: BAD_DRY_RUN })
  @ApiOperation({
    summary: 'Delete a field and its data',
    description:
      'The column (or junction table) is dropped in the same transaction as the metadata. Refused while an access rule ' +
      '(of any collection, through a relation path too) or a webhook condition uses the field: change those first.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiParam(FIELD_PARAM)
  @ApiOkResponse({ type: PlanOnlyChangeDto, description: `Deleted. ${DRY_RUN_OK}` })
  @ApiNotFoundResponse({ description: 'No such collection or field' })
  @ApiConflictResponse({
    description:
      "A rule or webhook condition uses the field: `errors` and `references` name each one (which collection's which rule, which webhook by name and id), and nothing changed",
  })
  async deleteField(
    @Param('collection') name: string,
    @Param('field') field: string,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<null>> {
    const dryRun = query.dry_run === 'true';
    return changeResponse(
      await this.collections.deleteField(name, field, { actor: actorOf(principal), dryRun }),
      dryRun,
    );
  }

  @Put(':collection/field-order')
  @ApiBadRequestResponse({ description: BAD_CHANGE })
  @ApiOperation({
    summary: 'Reorder the fields (every field name, in the new order)',
    description: 'Only the display order changes; columns stay where they are.',
  })
  @ApiParam(COLLECTION_PARAM)
  @ApiOkResponse({ type: CollectionChangeDto, description: `The collection in its new order. ${DRY_RUN_OK}` })
  @ApiNotFoundResponse({ description: 'No such collection' })
  async reorder(
    @Param('collection') name: string,
    @Body() body: FieldOrderDto,
    @Query() query: DryRunQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ChangeResponse<CollectionDefinition>> {
    const dryRun = query.dry_run === 'true';
    return changeResponse(
      await this.collections.reorderFields(name, body.order, { actor: actorOf(principal), dryRun }),
      dryRun,
    );
  }
}
