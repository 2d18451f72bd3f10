// /api/v1/functions: admins create (the first deploy), list, read, change (a new source is a
// new version), delete and test functions, list their versions and restore one, and browse
// their invocations. Calling a function is FunctionInvokeController.

import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, CurrentPrincipal, type Principal } from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import {
  FUNCTION_NAME,
  FunctionRunner,
  FunctionsService,
  InvocationLog,
  type FunctionView,
  type FunctionVersionView,
  type InvocationView,
} from '@stagecraft/functions';
import type { FastifyRequest } from 'fastify';
import {
  CreateFunctionDto,
  FunctionDto,
  FunctionListDto,
  InvocationListDto,
  ListInvocationsQueryDto,
  TestInvocationDto,
  TestResultDto,
  UpdateFunctionDto,
  VersionListDto,
} from './functions.dto.js';

export const FUNCTION_NAME_PARAM = {
  name: 'name',
  schema: { type: 'string', pattern: FUNCTION_NAME.source, maxLength: 63 },
  description: 'The function name',
} as const;

/** The version in a path: a whole number, or a 400 saying so in words. */
const VERSION_NUMBER = new ParseIntPipe({
  exceptionFactory: () =>
    new AppException(ErrorCode.ValidationFailed, 'The version in the path must be a whole number.', {
      errors: [{ field: 'number', code: 'isInt', message: 'The version number must be a whole number.' }],
    }),
});
const BAD_INPUT =
  'A field is invalid: the name, a setting out of range, an HTTP rule that does not compile (with its position), ' +
  'or source that does not compile (`compile_errors` with file, line and column)';

const userId = (principal: Principal): string | null => (principal.kind === 'user' ? principal.id : null);

@ApiTags('functions')
@AdminOnly()
@Controller('functions')
export class FunctionsController {
  constructor(
    private readonly functions: FunctionsService,
    private readonly runner: FunctionRunner,
    private readonly invocations: InvocationLog,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a function and deploy its first version',
    description: 'The source is compiled first: if it does not compile, nothing is saved.',
  })
  @ApiCreatedResponse({ type: FunctionDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  @ApiConflictResponse({ description: 'A function with this name exists' })
  create(@Body() body: CreateFunctionDto, @CurrentPrincipal() principal: Principal): Promise<FunctionView> {
    return this.functions.create(body, userId(principal));
  }

  @Get()
  @ApiOperation({ summary: 'Every function, by name', description: 'With its triggers, settings and deployed source.' })
  @ApiOkResponse({ type: FunctionListDto })
  async list(): Promise<{ data: FunctionView[] }> {
    return { data: await this.functions.list() };
  }

  @Get(':name')
  @ApiOperation({ summary: 'One function', description: 'Its triggers, settings and deployed version.' })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ type: FunctionDto })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  get(@Param('name') name: string): Promise<FunctionView> {
    return this.functions.get(name);
  }

  @Patch(':name')
  @ApiOperation({
    summary: 'Change a function; a new source (or language) deploys a new version',
    description:
      'Settings merge with the current ones; triggers are replaced. A deploy is atomic: invocations run the old ' +
      'version until the new one is committed, and a source that does not compile changes nothing.',
  })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ type: FunctionDto })
  @ApiBadRequestResponse({ description: BAD_INPUT })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  update(
    @Param('name') name: string,
    @Body() body: UpdateFunctionDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FunctionView> {
    return this.functions.update(name, body, userId(principal));
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a function', description: 'With its versions and invocation log.' })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  async delete(@Param('name') name: string): Promise<void> {
    await this.functions.delete(name);
  }

  @Get(':name/versions')
  @ApiOperation({ summary: "A function's deploy history, newest first", description: 'Each with its source.' })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ type: VersionListDto })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  async versions(@Param('name') name: string): Promise<{ data: FunctionVersionView[] }> {
    return { data: await this.functions.versions(name) };
  }

  @Post(':name/versions/:number/restore')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Deploy an earlier version again',
    description: 'As a new version whose `restored_from` names the one restored; history is never rewritten.',
  })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiParam({
    name: 'number',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 2_147_483_647 },
    description: 'The version',
  })
  @ApiOkResponse({ type: FunctionDto })
  @ApiBadRequestResponse({ description: 'The version is not a whole number' })
  @ApiNotFoundResponse({ description: 'No function has this name, or it has no such version' })
  restore(
    @Param('name') name: string,
    @Param('number', VERSION_NUMBER) number: number,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FunctionView> {
    return this.functions.restore(name, number, userId(principal));
  }

  @Post(':name/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Run the deployed version now with a chosen request, as the calling admin',
    description:
      'Whatever its triggers: for trying a function out. Answers the invocation as logged (outcome, error, ' +
      'timing, logs) with what the function returned in `result`.',
  })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ type: TestResultDto })
  @ApiBadRequestResponse({ description: '`request` is not an object' })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  async test(
    @Param('name') name: string,
    @Body() body: TestInvocationDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: FastifyRequest,
  ): Promise<InvocationView & { result: unknown }> {
    const fn = await this.functions.deployed(name);
    const ran = await this.runner.run(fn, {
      trigger: 'test',
      request: { method: 'POST', path: '/', query: {}, headers: {}, body: null, ...body.request },
      event: body.event,
      principal,
      requestId: request.id,
    });
    return { ...ran.invocation, result: ran.value ?? null };
  }

  @Get(':name/invocations')
  @ApiOperation({
    summary: "A function's invocations, newest first",
    description: 'Trigger, outcome, timing, memory, error and captured logs; kept FUNCTIONS_LOG_RETENTION_HOURS.',
  })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ type: InvocationListDto })
  @ApiBadRequestResponse({ description: 'An unknown outcome or trigger, or limit/offset out of range' })
  @ApiNotFoundResponse({ description: 'No function has this name' })
  async listInvocations(
    @Param('name') name: string,
    @Query() query: ListInvocationsQueryDto,
  ): Promise<{ data: InvocationView[]; meta: { limit: number; offset: number; total: number } }> {
    const fn = await this.functions.deployed(name);
    const deadLettered = query.dead_lettered === undefined ? undefined : query.dead_lettered === 'true';
    const { data, total } = await this.invocations.list(fn.id, {
      outcome: query.outcome,
      trigger: query.trigger,
      deadLettered,
      limit: query.limit,
      offset: query.offset,
    });
    return { data, meta: { limit: query.limit, offset: query.offset, total } };
  }
}
