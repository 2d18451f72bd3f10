// /api/v1/auth/providers: admins configure OAuth/OIDC sign-in providers and try them with a
// test sign-in that creates no account.

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
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
import { AdminOnly, OAuthFlowService, ProvidersService, type ProviderView } from '@stagecraft/auth';
import {
  AuthorizationUrlDto,
  CreateProviderDto,
  ProviderDto,
  PROVIDER_NAME,
  ProviderListDto,
  TestResultRequestDto,
  TestSignInDto,
  TestSignInResultDto,
  UpdateProviderDto,
} from './sign-in-providers.dto.js';

const NAME_PARAM = {
  name: 'name',
  schema: PROVIDER_NAME,
  description: 'The provider’s name',
  example: 'google',
} as const;

@ApiTags('auth-providers')
@AdminOnly()
@Controller('auth/providers')
export class SignInProvidersController {
  constructor(
    private readonly providers: ProvidersService,
    private readonly oauth: OAuthFlowService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'Every sign-in provider, enabled or not, by name',
    description: 'Client secrets are never returned; `client_secret_set` says one is stored.',
  })
  @ApiOkResponse({ type: ProviderListDto })
  async list(): Promise<ProviderListDto> {
    return { data: await this.providers.list() };
  }

  @Post()
  @ApiOperation({
    summary: 'Add a sign-in provider',
    description:
      'Presets: `oidc` (any OpenID Connect provider, from its issuer URL), `google`, `github` (OAuth2). Register the answer’s `callback_url` at the provider.',
  })
  @ApiCreatedResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: 'A field is invalid, or the preset needs an issuer or URLs' })
  @ApiConflictResponse({ description: 'A provider with this name exists' })
  create(@Body() body: CreateProviderDto): Promise<ProviderView> {
    return this.providers.create({
      name: body.name,
      preset: body.preset,
      displayName: body.display_name,
      issuer: body.issuer,
      authorizationUrl: body.authorization_url,
      tokenUrl: body.token_url,
      apiUrl: body.api_url,
      clientId: body.client_id,
      clientSecret: body.client_secret,
      scopes: body.scopes,
      enabled: body.enabled,
    });
  }

  @Get(':name')
  @ApiOperation({
    summary: 'One sign-in provider (its secret is never returned)',
    description: '`callback_url` is the redirect URL to register at the provider.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ProviderDto })
  @ApiNotFoundResponse({ description: 'No provider has this name' })
  get(@Param('name') name: string): Promise<ProviderView> {
    return this.providers.get(name);
  }

  @Patch(':name')
  @ApiOperation({
    summary: 'Change a provider; a new client_secret replaces the stored one',
    description: 'The name and kind stay. A changed issuer is discovered again at the next sign-in.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: ProviderDto })
  @ApiBadRequestResponse({ description: 'A field is invalid' })
  @ApiNotFoundResponse({ description: 'No provider has this name' })
  update(@Param('name') name: string, @Body() body: UpdateProviderDto): Promise<ProviderView> {
    return this.providers.update(name, {
      displayName: body.display_name,
      issuer: body.issuer,
      authorizationUrl: body.authorization_url,
      tokenUrl: body.token_url,
      apiUrl: body.api_url,
      clientId: body.client_id,
      clientSecret: body.client_secret,
      scopes: body.scopes,
      enabled: body.enabled,
    });
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a provider nobody signs in with (otherwise disable it)',
    description: 'Refused while identities of this provider exist, so nobody loses their only way in.',
  })
  @ApiParam(NAME_PARAM)
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No provider has this name' })
  @ApiConflictResponse({ description: 'Users have identities from this provider; disable it instead' })
  async delete(@Param('name') name: string): Promise<void> {
    await this.providers.delete(name);
  }

  @Post(':name/test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a test sign-in',
    description:
      'Open `authorization_url` in a browser. The flow ends at the console (or `redirect_uri`) with `?code=…&test=<name>`; read what the provider asserted with `POST …/test/result`. No account is created or signed in.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: AuthorizationUrlDto })
  @ApiBadRequestResponse({ description: 'redirect_uri is not an allowed redirect URL' })
  @ApiNotFoundResponse({ description: 'No provider has this name' })
  async test(@Param('name') name: string, @Body() body: TestSignInDto): Promise<AuthorizationUrlDto> {
    return { authorization_url: (await this.oauth.startTest(name, body.redirect_uri)).href };
  }

  @Post(':name/test/result')
  @HttpCode(200)
  @ApiOperation({
    summary: 'What the provider asserted in a test sign-in (readable once, for a minute)',
    description: 'Issuer, subject, email and whether it is verified, and every claim or profile field.',
  })
  @ApiParam(NAME_PARAM)
  @ApiOkResponse({ type: TestSignInResultDto })
  @ApiBadRequestResponse({ description: 'The body has no code' })
  @ApiNotFoundResponse({ description: 'No result for this code: unknown, used or expired' })
  testResult(@Param('name') name: string, @Body() body: TestResultRequestDto): Promise<TestSignInResultDto> {
    return this.oauth.testResult(name, body.code);
  }
}
