// The OAuth/OIDC sign-in flow for client apps: which methods a sign-in page offers, the
// redirect to the provider, the provider's callback, and the one-time code exchange. Tokens
// only ever travel in the exchange's response body, never in a URL.

import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiFoundResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTooManyRequestsResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import {
  AllowedBeforeMfaEnrolment,
  OAuthFlowService,
  ProvidersService,
  Public,
  type ClientContext,
  type SignInOutcome,
} from '@stagecraft/auth';
import type { FastifyReply } from 'fastify';
import { ApiSignInOutcome } from './auth.dto.js';
import { Client } from './client-context.js';
import { OAuthExchangeDto, OAuthStartQueryDto } from './oauth.dto.js';
import { PROVIDER_NAME, SignInMethodsDto } from './sign-in-providers.dto.js';

const PROVIDER_PARAM = {
  name: 'provider',
  schema: PROVIDER_NAME,
  description: 'The provider’s name',
  example: 'google',
} as const;
const LOCATION = {
  Location: { description: 'Where the browser goes next', schema: { type: 'string', format: 'uri', maxLength: 8192 } },
} as const;

@ApiTags('auth')
@Public()
@Controller('auth')
export class OAuthController {
  constructor(
    private readonly oauth: OAuthFlowService,
    private readonly providers: ProvidersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('methods')
  @AllowedBeforeMfaEnrolment()
  @ApiOperation({
    summary: 'How users can sign in here: for sign-in pages',
    description:
      'Password sign-in, whether registration is open, passkeys, and the enabled providers (names and labels only).',
  })
  @ApiOkResponse({ type: SignInMethodsDto })
  async methods(): Promise<SignInMethodsDto> {
    return {
      password: true,
      registration: this.config.auth.registrationEnabled,
      passkeys: true,
      providers: await this.providers.listEnabled(),
    };
  }

  @Get('oauth/:provider')
  @ApiOperation({
    summary: 'Start signing in with a provider (open this in the browser)',
    description:
      'Redirects to the provider. The flow ends at `redirect_uri` with `?code=<one-time code>` (exchange it at `POST /api/v1/auth/oauth/exchange`) or with `?error=<code>&error_description=…`. `redirect_uri` must be exactly one of the allowed redirect URLs. Send `code_challenge` (S256) to bind the one-time code to your own PKCE verifier (recommended for public clients).',
  })
  @ApiParam(PROVIDER_PARAM)
  @ApiFoundResponse({ description: 'To the provider (or back to the app with an error)', headers: LOCATION })
  @ApiBadRequestResponse({ description: 'redirect_uri is missing or not allowed, or the PKCE challenge is malformed' })
  @ApiNotFoundResponse({ description: 'No enabled provider has this name' })
  @ApiTooManyRequestsResponse({ description: 'Too many sign-ins started from this IP; see Retry-After' })
  async start(
    @Param('provider') provider: string,
    @Query() query: OAuthStartQueryDto,
    @Client() client: ClientContext,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const pkce = { codeChallenge: query.code_challenge, codeChallengeMethod: query.code_challenge_method };
    const target = await this.oauth.start(provider, query.redirect_uri, pkce, client);
    await redirect(reply, target);
  }

  @Get('oauth/:provider/callback')
  @ApiOperation({
    summary: 'Where the provider sends the browser back (register this URL at the provider)',
    description:
      'Checks state, exchanges the provider’s code, validates the ID token, then redirects to the app’s `redirect_uri` with a one-time `code`, or with `error` (access_denied, provider_unavailable, provider_error, invalid_id_token, email_required, registration_closed, account_exists_unverified, account_disabled, identity_in_use).',
  })
  @ApiParam(PROVIDER_PARAM)
  @ApiQuery({ name: 'state', required: false, schema: { type: 'string', maxLength: 512 } })
  @ApiQuery({ name: 'code', required: false, schema: { type: 'string', maxLength: 2048 } })
  @ApiQuery({ name: 'error', required: false, schema: { type: 'string', maxLength: 256 } })
  @ApiFoundResponse({ description: 'Back to the app', headers: LOCATION })
  @ApiBadRequestResponse({ description: 'The state is unknown, used or expired (invalid_state)' })
  async callback(
    @Param('provider') provider: string,
    // Not a DTO: providers add parameters of their own (Google: authuser, hd, prompt), and
    // refusing them would break sign-in. Only single string values are passed on.
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const params = Object.fromEntries(
      Object.entries(query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    await redirect(reply, await this.oauth.callback(provider, params));
  }

  @Post('oauth/exchange')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Exchange the one-time code for tokens',
    description:
      'The code works once, for a minute. When the account has a second factor the answer is `mfa_required` with a ticket for `POST /api/v1/auth/mfa/verify`.',
  })
  @ApiSignInOutcome()
  @ApiBadRequestResponse({ description: 'The body is not a code (and optional code_verifier)' })
  @ApiUnauthorizedResponse({ description: 'The code is unknown, used, expired, or the code_verifier does not match' })
  exchange(@Body() body: OAuthExchangeDto, @Client() client: ClientContext): Promise<SignInOutcome> {
    return this.oauth.exchange(body.code, body.code_verifier, client);
  }
}

async function redirect(reply: FastifyReply, target: URL): Promise<void> {
  await reply.header('cache-control', 'no-store').redirect(target.href, 302);
}
