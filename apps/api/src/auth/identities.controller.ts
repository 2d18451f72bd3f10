// Sign-in identities (OAuth/OIDC accounts) of a user: the signed-in user lists, links and
// unlinks their own; admins read anyone's.

import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  AdminOnly,
  Authenticated,
  CurrentPrincipal,
  IdentitiesRepository,
  OAuthFlowService,
  toIdentityView,
  UsersRepository,
  type Principal,
} from '@stagecraft/auth';
import { AppException, ErrorCode } from '@stagecraft/core';
import { UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';
import { LinkIdentityDto } from './oauth.dto.js';
import { AuthorizationUrlDto, IdentityListDto } from './sign-in-providers.dto.js';

const ID_PARAM = { name: 'id', schema: UUID, description: 'The identity id' } as const;

@ApiTags('auth')
@Controller()
export class IdentitiesController {
  constructor(
    private readonly identities: IdentitiesRepository,
    private readonly oauth: OAuthFlowService,
    private readonly users: UsersRepository,
  ) {}

  @Get('auth/identities')
  @Authenticated()
  @ApiOperation({
    summary: 'The provider accounts you can sign in with',
    description: 'With what each provider last said about the email address.',
  })
  @ApiOkResponse({ type: IdentityListDto })
  async list(@CurrentPrincipal() principal: Principal): Promise<IdentityListDto> {
    return { data: (await this.identities.listForUser(userIdOf(principal))).map(toIdentityView) };
  }

  @Post('auth/identities/link')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start linking a provider account to yours',
    description:
      'Open `authorization_url` in the browser; the flow ends at `redirect_uri` with `?linked=<provider>` or `?error=…` (identity_in_use when another account owns it).',
  })
  @ApiOkResponse({ type: AuthorizationUrlDto })
  @ApiBadRequestResponse({ description: 'redirect_uri is not an allowed redirect URL' })
  @ApiNotFoundResponse({ description: 'No enabled provider has this name' })
  async link(@CurrentPrincipal() principal: Principal, @Body() body: LinkIdentityDto): Promise<AuthorizationUrlDto> {
    const url = await this.oauth.startLink(userIdOf(principal), body.provider, body.redirect_uri);
    return { authorization_url: url.href };
  }

  @Delete('auth/identities/:id')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Unlink a provider account from yours',
    description: 'Refused when it is the last way to sign in (no password, passkey or other identity).',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Unlinked' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'You have no identity with this id' })
  @ApiConflictResponse({ description: 'It is your last way to sign in' })
  async unlink(@CurrentPrincipal() principal: Principal, @Param('id', ParseIdPipe) id: string): Promise<void> {
    if (!(await this.identities.deleteUnlessLast(userIdOf(principal), id))) {
      throw new AppException(ErrorCode.NotFound, 'You have no identity with this id.');
    }
  }

  @Get('users/:id/identities')
  @AdminOnly()
  @ApiTags('users')
  @ApiOperation({ summary: 'A user’s provider accounts', description: 'For the console’s user page.' })
  @ApiParam({ name: 'id', schema: UUID, description: 'The user id' })
  @ApiOkResponse({ type: IdentityListDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  async listForUser(@Param('id', ParseIdPipe) id: string): Promise<IdentityListDto> {
    if (!(await this.users.findById(id))) throw new AppException(ErrorCode.NotFound, 'No user has this id.');
    return { data: (await this.identities.listForUser(id)).map(toIdentityView) };
  }
}

function userIdOf(principal: Principal): string {
  if (principal.kind !== 'user') {
    throw new AppException(ErrorCode.Forbidden, 'Identities belong to signed-in users, not API keys.');
  }
  return principal.id;
}
