// /api/v1/collections and their fields: the schema designer's API, admins only. Every change
// accepts ?dry_run=true and answers with the planned actions and their SQL.

import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import { CollectionsService } from '@stagecraft/collections';
import type { CollectionDefinition, FieldDefinition } from '@stagecraft/schema';
import type { FastifyReply } from 'fastify';
import { actorOf, changeResponse, type ChangeResponse } from './change-response.js';
import {
  CreateCollectionDto,
  DryRunQuery,
  FieldChangesDto,
  FieldInputDto,
  FieldOrderDto,
  ReplaceCollectionDto,
  UpdateCollectionDto,
} from './collections.dto.js';

@ApiTags('collections')
@AdminOnly()
@ApiBadRequestResponse({ description: 'Invalid names, types, options or rules; every problem listed in `errors`' })
@Controller('collections')
export class CollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  @ApiOperation({ summary: 'Every collection with its fields and rules' })
  async list(): Promise<{ data: readonly CollectionDefinition[] }> {
    return { data: await this.collections.list() };
  }

  @Post()
  @ApiOperation({ summary: 'Create a collection: its table is created at once, its endpoints are live' })
  @ApiOkResponse({ description: 'With ?dry_run=true: the plan, nothing applied' })
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
  @ApiOperation({ summary: 'One collection' })
  @ApiNotFoundResponse({ description: 'No such collection' })
  async get(@Param('collection') name: string): Promise<{ data: CollectionDefinition }> {
    return { data: await this.collections.get(name) };
  }

  @Patch(':collection')
  @ApiOperation({ summary: 'Rename (data kept), relabel, describe, or change access rules' })
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
  @ApiOperation({
    summary: 'Replace the fields, label, description and rules in one schema change: all of it applies, or none',
    description:
      'Fields are listed in the wanted order. A field with the `id` of an existing field keeps its data ' +
      '(rename, type or options change); a field without `id` is added; an existing field left out is dropped, ' +
      'which needs `allow_destructive`. With ?dry_run=true nothing is applied and `meta.actions` lists the SQL.',
  })
  @ApiOkResponse({ description: 'The collection as it is (or, with ?dry_run=true, would be) after the change' })
  @ApiNotFoundResponse({ description: 'No such collection' })
  @ApiConflictResponse({
    description:
      'The plan drops data and allow_destructive is not set (the actions are listed), or existing records break a change (says how many, and which)',
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
  @ApiOperation({ summary: 'Delete a collection and its table with every record' })
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
  @ApiOperation({ summary: 'Add a field: a column is added at once' })
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
  @ApiOperation({ summary: 'Rename (data kept), change options and constraints, change type, or move a field' })
  @ApiNotFoundResponse({ description: 'No such collection or field' })
  @ApiConflictResponse({ description: 'Existing records break the change (says how many, and which)' })
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
  @ApiOperation({ summary: 'Delete a field and its data' })
  @ApiNotFoundResponse({ description: 'No such collection or field' })
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
  @ApiOperation({ summary: 'Reorder the fields (every field name, in the new order)' })
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
