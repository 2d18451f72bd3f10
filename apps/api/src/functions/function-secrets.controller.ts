// /api/v1/function-secrets: named secrets functions may read when their settings list them.
// Values go in, never out.

import { Body, Controller, Delete, Get, HttpCode, Param, Put, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly } from '@stagecraft/auth';
import { FunctionSecretsService, SECRET_NAME, type SecretView } from '@stagecraft/functions';
import type { FastifyReply } from 'fastify';
import { SecretDto, SecretListDto, SetSecretDto } from './functions.dto.js';

const SECRET_NAME_PARAM = {
  name: 'name',
  schema: { type: 'string', pattern: SECRET_NAME.source, maxLength: 64 },
  description: 'The secret name, e.g. SLACK_TOKEN',
} as const;

@ApiTags('functions')
@AdminOnly()
@Controller('function-secrets')
export class FunctionSecretsController {
  constructor(private readonly secrets: FunctionSecretsService) {}

  @Get()
  @ApiOperation({ summary: 'The secrets, by name', description: 'Names and dates only: values are never returned.' })
  @ApiOkResponse({ type: SecretListDto })
  async list(): Promise<{ data: SecretView[] }> {
    return { data: await this.secrets.list() };
  }

  @Put(':name')
  @ApiOperation({
    summary: 'Set a secret (create or replace)',
    description: 'Stored encrypted (AES-256-GCM, the secret fields’ key). 201 when created, 200 when replaced.',
  })
  @ApiParam(SECRET_NAME_PARAM)
  @ApiOkResponse({ type: SecretDto, description: 'Replaced' })
  @ApiCreatedResponse({ type: SecretDto, description: 'Created' })
  @ApiBadRequestResponse({ description: 'The name is not upper case letters, digits and _, or no value' })
  async set(
    @Param('name') name: string,
    @Body() body: SetSecretDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SecretView> {
    const { secret, created } = await this.secrets.set(name, body.value);
    void reply.status(created ? 201 : 200);
    return secret;
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a secret', description: 'Functions that list it can no longer read it.' })
  @ApiParam(SECRET_NAME_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiNotFoundResponse({ description: 'No secret has this name' })
  async delete(@Param('name') name: string): Promise<void> {
    await this.secrets.delete(name);
  }
}
