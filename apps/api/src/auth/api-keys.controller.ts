// /api/v1/api-keys: admins create, list, read and revoke API keys for server-side clients.

import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AdminOnly, ApiKeysService, CurrentPrincipal, type ApiKeyView, type Principal } from '@stagecraft/auth';
import { ApiKeyDto, ApiKeyListDto, CreateApiKeyDto, CreatedApiKeyDto } from './api-keys.dto.js';
import { UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';

const ID_PARAM = { name: 'id', schema: UUID, description: 'The API key id' } as const;

@ApiTags('api-keys')
@AdminOnly()
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({
    summary: 'Create an API key; the response is the only place the key appears',
    description: 'Only a hash of the key is kept. Requests made with it act with its role.',
  })
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  @ApiBadRequestResponse({ description: 'The name, role or expiry is invalid (expires_at must be in the future)' })
  async create(@Body() body: CreateApiKeyDto, @CurrentPrincipal() principal: Principal): Promise<CreatedApiKeyDto> {
    const { key, apiKey } = await this.apiKeys.create({
      name: body.name,
      role: body.role,
      expiresAt: body.expires_at === undefined ? undefined : new Date(body.expires_at),
      createdBy: principal.kind === 'user' ? principal.id : null,
    });
    return { key, api_key: apiKey };
  }

  @Get()
  @ApiOperation({
    summary: 'Every API key, revoked and expired ones included, oldest first',
    description: 'Keys are identified by their prefix; the key itself is never shown again.',
  })
  @ApiOkResponse({ type: ApiKeyListDto })
  async list(): Promise<ApiKeyListDto> {
    return { data: await this.apiKeys.list() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One API key', description: 'Its prefix, role, expiry, last use and revocation.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ApiKeyDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No API key has this id' })
  get(@Param('id', ParseIdPipe) id: string): Promise<ApiKeyView> {
    return this.apiKeys.get(id);
  }

  @Delete(':id')
  @ApiOperation({
    summary: 'Revoke an API key; it stops working at once. Revoking twice keeps the first time.',
    description: 'The key stays listed, with revoked_at set.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: ApiKeyDto, description: 'The revoked key' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No API key has this id' })
  revoke(@Param('id', ParseIdPipe) id: string): Promise<ApiKeyView> {
    return this.apiKeys.revoke(id);
  }
}
