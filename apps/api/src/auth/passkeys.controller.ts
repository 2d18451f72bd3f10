// /api/v1/auth/passkeys: passwordless sign-in with a passkey (a discoverable credential with user
// verification). The session it starts is at assurance level 2: the passkey is something the user
// has, unlocked by something they know or are.

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AllowedBeforeMfaEnrolment,
  MfaSignInService,
  Public,
  type ClientContext,
  type PasswordlessOptions,
  type SignedIn,
} from '@stagecraft/auth';
import { SignedInDto } from './auth.dto.js';
import { Client } from './client-context.js';
import { PasskeyLoginDto, PasskeyLoginOptionsDto } from './mfa.dto.js';

@ApiTags('auth')
@AllowedBeforeMfaEnrolment()
@Controller('auth/passkeys')
export class PasskeysController {
  constructor(private readonly signIn: MfaSignInService) {}

  @Post('options')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a passwordless sign-in with a passkey',
    description:
      'WebAuthn request options with no credentials listed (the authenticator offers its discoverable ones) and user verification required. Pass `options` to navigator.credentials.get() and send the result with `challenge_id` to POST /auth/passkeys/login within the timeout.',
  })
  @ApiOkResponse({ type: PasskeyLoginOptionsDto })
  @ApiTooManyRequestsResponse({ description: 'Too many passkey sign-ins started from this IP; see Retry-After' })
  options(@Client() client: ClientContext): Promise<PasswordlessOptions> {
    return this.signIn.passwordlessOptions(client);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with a passkey',
    description:
      'Verifies the assertion (user verification required, the user handle naming the account) and signs in at assurance level 2; no second step follows.',
  })
  @ApiOkResponse({ type: SignedInDto })
  @ApiBadRequestResponse({ description: 'The body is not a challenge_id and an assertion' })
  @ApiUnauthorizedResponse({
    description: 'The challenge is unknown, used or expired, the passkey unknown, or the assertion does not verify',
  })
  @ApiForbiddenResponse({ description: 'The passkey reported a signature counter that did not increase (cloned?)' })
  login(@Body() body: PasskeyLoginDto, @Client() client: ClientContext): Promise<SignedIn> {
    return this.signIn.passwordless(body.challenge_id, body.response, client);
  }
}
