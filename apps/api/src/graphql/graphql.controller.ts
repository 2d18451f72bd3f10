// /api/v1/graphql: GraphQL over HTTP (POST, and GET for queries), authenticated as REST is
// (a bearer token or an API key, or anonymous), answered as graphql-http answers (GraphqlService
// .answer) over the schema of the current schema version. See docs/graphql.md.

import { Controller, Get, Post, Req, Res } from '@nestjs/common';
import {
  ApiExtraModels,
  getSchemaPath,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiBadRequestResponse,
  ApiNotAcceptableResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { OptionalPrincipal, SignedInOrAnonymous, type Principal } from '@stagecraft/auth';
import { GraphqlService } from '@stagecraft/graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphqlRequestDto, GraphqlResultDto } from './graphql.dto.js';

const RESULT = {
  description:
    'An execution result: `data`, and `errors` whose `extensions.code` is the REST problem code. ' +
    'With Accept: application/graphql-response+json, a request that cannot run is a 400.',
  content: {
    'application/graphql-response+json': { schema: { $ref: getSchemaPath(GraphqlResultDto) } },
    'application/json': { schema: { $ref: getSchemaPath(GraphqlResultDto) } },
  },
};

const PREFERRED_ACCEPT = 'application/graphql-response+json, application/json;q=0.9';

/**
 * The request's headers as graphql-http reads them, through `get` (no copy per request). A
 * client that names no response type (or any) gets application/graphql-response+json, whose
 * request errors are 4xx, as every other bad request here; one that asks for
 * application/json alone gets the spec's legacy answers (200 with `errors`).
 */
function headersWithResponseTypePreferred(headers: IncomingHttpHeaders): { get(name: string): string | null } {
  return {
    get(name: string) {
      const value = headers[name];
      if (name === 'accept') {
        const accept = (value as string | undefined)?.trim();
        return !accept || accept === '*/*' ? PREFERRED_ACCEPT : accept;
      }
      return (Array.isArray(value) ? value.join(', ') : value) ?? null;
    },
  };
}

@ApiTags('graphql')
@ApiExtraModels(GraphqlResultDto)
@SignedInOrAnonymous() // each root field applies its collection's rules to the caller
@Controller('graphql')
export class GraphqlController {
  constructor(private readonly graphql: GraphqlService) {}

  @Post()
  @ApiOperation({
    summary: 'Run a GraphQL operation',
    description: 'GraphQL over HTTP: queries and mutations over every collection. See docs/graphql.md.',
  })
  @ApiBody({ type: GraphqlRequestDto })
  @ApiOkResponse(RESULT)
  @ApiBadRequestResponse({ description: 'The document does not parse, validate, or stay within the limits' })
  @ApiNotAcceptableResponse({ description: 'Accept names no GraphQL response type' })
  @ApiUnsupportedMediaTypeResponse({ description: 'The body is not application/json' })
  post(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<void> {
    return this.answer(request, reply, principal);
  }

  @Get()
  @ApiOperation({
    summary: 'Run a GraphQL query (no mutations over GET)',
    description: 'GraphQL over HTTP with the document in the query string: queries only. See docs/graphql.md.',
  })
  @ApiQuery({ name: 'query', required: true, schema: { type: 'string', maxLength: 100000 } })
  @ApiQuery({ name: 'variables', required: false, description: 'JSON', schema: { type: 'string', maxLength: 100000 } })
  @ApiQuery({ name: 'operationName', required: false, schema: { type: 'string', maxLength: 1000 } })
  @ApiOkResponse(RESULT)
  @ApiBadRequestResponse({ description: 'The document does not parse, validate, or stay within the limits' })
  @ApiNotAcceptableResponse({ description: 'Accept names no GraphQL response type' })
  get(
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @OptionalPrincipal() principal: Principal | undefined,
  ): Promise<void> {
    return this.answer(request, reply, principal);
  }

  private async answer(request: FastifyRequest, reply: FastifyReply, principal: Principal | undefined): Promise<void> {
    const compiled = await this.graphql.currentSchema();
    const [body, init] = await this.graphql.answer({
      method: request.method,
      url: request.url,
      headers: headersWithResponseTypePreferred(request.headers),
      body: (request.body as Record<string, unknown> | string | undefined) ?? null,
      raw: request,
      context: { principal, compiled },
    });
    void reply.status(init.status);
    for (const [name, value] of Object.entries(init.headers ?? {})) void reply.header(name, value);
    await reply.send(body);
  }
}
