// GET /api/v1: the API's root answers with an index of where to go next (docs, the OpenAPI
// document, auth, collections, GraphQL) instead of a 404 to whoever opens the URL the README links.

import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { consoleAvailable, graphiqlAvailable } from '../console/serve-console.js';
import { ApiIndexDto, ApiLinkDto } from './api-index.dto.js';
import { buildApiIndex } from './api-index.js';

@ApiTags('ops')
@ApiExtraModels(ApiLinkDto)
@Public()
@Controller({ version: '1' })
export class ApiIndexController {
  private readonly index: ApiIndexDto;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.index = buildApiIndex(config.publicUrl, {
      console: consoleAvailable(config.adminUiDir),
      graphiql: graphiqlAvailable(config.adminUiDir),
    });
  }

  @Get()
  @ApiOperation({
    summary: 'The API index: links to the docs, the OpenAPI document, auth, collections and GraphQL',
    description: 'Public, and the same for every caller; it reads neither PostgreSQL nor Redis.',
  })
  @ApiOkResponse({ type: ApiIndexDto })
  root(): ApiIndexDto {
    return this.index;
  }
}
