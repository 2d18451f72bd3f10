// /api/v1/auth: email verification and password reset. Links go by email only; every bad
// token gets the same 400, and a reset request never says whether the account exists.

import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  Authenticated,
  CurrentPrincipal,
  EmailVerificationService,
  PasswordResetService,
  Public,
  type ClientContext,
  type Principal,
} from '@stagecraft/auth';
import { Client } from './client-context.js';
import {
  EmailSentDto,
  EmailTokenDto,
  EmailVerifiedDto,
  PasswordResetDoneDto,
  PasswordResetDto,
  PasswordResetRequestDto,
} from './email-flows.dto.js';

@ApiTags('auth')
@Controller('auth')
export class EmailFlowsController {
  constructor(
    private readonly verification: EmailVerificationService,
    private readonly passwordReset: PasswordResetService,
  ) {}

  @Post('verify-email/request')
  @Authenticated()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email the signed-in user a link that verifies their address',
    description: 'The link works once and replaces any earlier one. API keys are refused (403).',
  })
  @ApiAcceptedResponse({ type: EmailSentDto })
  @ApiForbiddenResponse({ description: 'Called with an API key' })
  @ApiConflictResponse({ description: 'The address is already verified' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this IP or emails to this address' })
  @ApiServiceUnavailableResponse({ description: 'The email queue is unreachable; try again' })
  async requestVerification(
    @CurrentPrincipal() principal: Principal,
    @Client() client: ClientContext,
  ): Promise<EmailSentDto> {
    await this.verification.request(principal, client);
    return { sent: true };
  }

  @Post('verify-email')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify an email address with the token from the emailed link',
    description: 'No sign-in needed: the token is the proof. It works once.',
  })
  @ApiOkResponse({ type: EmailVerifiedDto })
  @ApiBadRequestResponse({ description: 'The token is invalid, already used or expired (one answer for all)' })
  async verifyEmail(@Body() body: EmailTokenDto): Promise<EmailVerifiedDto> {
    await this.verification.confirm(body.token);
    return { verified: true };
  }

  @Post('password-reset/request')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email a password reset link',
    description:
      'Always 202, whether or not an account has this email: a link goes only to an existing, enabled account, ' +
      'and not beyond the per-address limit.',
  })
  @ApiAcceptedResponse({ type: EmailSentDto })
  @ApiBadRequestResponse({ description: 'The email is not an email address' })
  @ApiTooManyRequestsResponse({ description: 'Too many requests from this IP; see Retry-After' })
  async requestPasswordReset(
    @Body() body: PasswordResetRequestDto,
    @Client() client: ClientContext,
  ): Promise<EmailSentDto> {
    await this.passwordReset.request(body.email, client);
    return { sent: true };
  }

  @Post('password-reset')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Set a new password with the token from the emailed link',
    description:
      'Signs the user out of every session and marks the address verified. A password that breaks the policy ' +
      'is refused without using up the token.',
  })
  @ApiOkResponse({ type: PasswordResetDoneDto })
  @ApiBadRequestResponse({
    description: 'The token is invalid, used or expired, or the password breaks the policy (see `errors`)',
  })
  async resetPassword(@Body() body: PasswordResetDto): Promise<PasswordResetDoneDto> {
    await this.passwordReset.reset(body.token, body.password);
    return { reset: true };
  }
}
