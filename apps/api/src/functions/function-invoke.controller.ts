// ANY /api/v1/functions/{name}/invoke[/…path]: the HTTP trigger. The function's rule decides who
// may call it (as a collection's rules do); the function gets the request without credentials
// and answers status, headers and body.

import { All, Controller, Param, Req, Res } from '@nestjs/common';
import {
  ApiBadGatewayResponse,
  ApiBadRequestResponse,
  ApiExcludeEndpoint,
  ApiForbiddenResponse,
  ApiGatewayTimeoutResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { OptionalPrincipal, SignedInOrAnonymous, type Principal } from '@stagecraft/auth';
import { SchemaCacheService } from '@stagecraft/collections';
import { AppException, ErrorCode } from '@stagecraft/core';
import { assertMayInvoke, FunctionRunner, FunctionsService } from '@stagecraft/functions';
import { compiledSchemaFor } from '@stagecraft/records';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { CarriesJsonValues } from '../common/json-body.js';
import { answeredStatus, functionRequest, sendFunctionAnswer } from './function-response.js';
import { FUNCTION_NAME_PARAM } from './functions.controller.js';

const DESCRIPTION =
  'Also `/invoke/any/sub/path`. Runs the function with the request (method, the path after `/invoke`, query, headers without ' +
  '`Authorization`, cookies or API keys, and a JSON or text body) and answers what it returns: ' +
  '`{ status, headers, body }`, or any other value as a 200 JSON body. Who may call it is its HTTP rule.';

@ApiTags('functions')
@SignedInOrAnonymous() // the function's own rule decides who may call it
@Controller('functions/:name')
export class FunctionInvokeController {
  constructor(
    private readonly functions: FunctionsService,
    private readonly runner: FunctionRunner,
    private readonly schemaCache: SchemaCacheService,
    private readonly dataSource: DataSource,
  ) {}

  @All('invoke')
  @CarriesJsonValues(0)
  @ApiOperation({ summary: 'Call a function (any method)', description: DESCRIPTION })
  @ApiParam(FUNCTION_NAME_PARAM)
  @ApiOkResponse({ description: 'What the function answered (its status, headers and body)' })
  @ApiBadRequestResponse({
    description: 'A body that is not valid JSON or nests too deep; or the function itself answered 400',
  })
  @ApiUnauthorizedResponse({ description: 'Sign in: the rule needs a caller' })
  @ApiForbiddenResponse({ description: 'The rule does not allow this caller' })
  @ApiNotFoundResponse({ description: 'No function has this name, or it has no HTTP trigger' })
  @ApiBadGatewayResponse({ description: 'FUNCTION_FAILED: it threw or went over its memory; see `invocation_id`' })
  @ApiGatewayTimeoutResponse({ description: 'FUNCTION_TIMEOUT: it ran longer than its timeout_ms' })
  invoke(
    @Param('name') name: string,
    @Req() request: FastifyRequest,
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.run(name, undefined, request, principal, reply);
  }

  // Fastify's wildcard; documented with the bare route (OpenAPI has no catch-all path).
  @All('invoke/*')
  @ApiExcludeEndpoint()
  @CarriesJsonValues(0)
  invokePath(
    @Param('name') name: string,
    @Param('*') path: string,
    @Req() request: FastifyRequest,
    @OptionalPrincipal() principal: Principal | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    return this.run(name, path, request, principal, reply);
  }

  private async run(
    name: string,
    subPath: string | undefined,
    request: FastifyRequest,
    principal: Principal | undefined,
    reply: FastifyReply,
  ): Promise<unknown> {
    const fn = await this.functions.deployed(name);
    const http = fn.triggers.http;
    if (!http) throw new AppException(ErrorCode.NotFound, `The function "${name}" has no HTTP trigger.`);
    const schema = async () => compiledSchemaFor(await this.schemaCache.current());
    await assertMayInvoke(http.rule, principal, name, schema, this.dataSource);
    const result = await this.runner.run(
      fn,
      { trigger: 'http', request: functionRequest(request, subPath), principal, requestId: request.id },
      answeredStatus,
    );
    return sendFunctionAnswer(result, reply);
  }
}
