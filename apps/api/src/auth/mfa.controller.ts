// /api/v1/auth/mfa: the caller's second factors (status, authenticator app, passkeys, recovery
// codes) and the second sign-in step after an `mfa_required` answer. Every route here stays open
// to a session that must still enrol a factor, since this is where it enrols one.

import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AllowedBeforeMfaEnrolment,
  Authenticated,
  CurrentPrincipal,
  MfaChangesService,
  MfaEnrolmentService,
  MfaSignInService,
  MfaStatusService,
  Public,
  type ClientContext,
  type FactorAdded,
  type MfaStatus,
  type PasskeyView,
  type Principal,
  type ProofCandidate,
  type SignedIn,
  type TotpEnrolment,
} from '@stagecraft/auth';
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { SignedInDto } from './auth.dto.js';
import { Client } from './client-context.js';
import {
  AddPasskeyDto,
  CREDENTIAL_ID_MAX_LENGTH,
  CreationOptionsDto,
  MfaStatusDto,
  MfaTicketDto,
  MfaVerifyDto,
  PasskeyAddedDto,
  RecoveryCodesDto,
  RequestOptionsDto,
  SecondFactorProofDto,
  TotpCodeDto,
  TotpConfirmedDto,
  TotpEnrolmentDto,
} from './mfa.dto.js';
import { PasskeyIdPipe } from './passkey-id.pipe.js';

const SIGNED_IN_USERS_ONLY = 'Called with an API key: this is for signed-in users';
const WRONG_PROOF = 'Neither or both of code and recovery_code, or the one sent is wrong or used (see `errors`)';
const TOO_MANY = 'Too many second-factor attempts for this IP or account; see Retry-After';

/** The proof fields of a body, in the order the service reports them. */
function proofOf(body: SecondFactorProofDto): ProofCandidate[] {
  return [
    { field: 'code', proof: body.code === undefined ? undefined : { method: 'totp', code: body.code } },
    {
      field: 'recovery_code',
      proof: body.recovery_code === undefined ? undefined : { method: 'recovery_code', code: body.recovery_code },
    },
  ];
}

@ApiTags('auth')
@AllowedBeforeMfaEnrolment()
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly status: MfaStatusService,
    private readonly enrolment: MfaEnrolmentService,
    private readonly changes: MfaChangesService,
    private readonly signIn: MfaSignInService,
  ) {}

  @Get()
  @Authenticated()
  @ApiOperation({
    summary: "The caller's second factors",
    description:
      'Whether MFA is on and required, the authenticator app, the passkeys and how many recovery codes are left.',
  })
  @ApiOkResponse({ type: MfaStatusDto })
  @ApiForbiddenResponse({ description: SIGNED_IN_USERS_ONLY })
  get(@CurrentPrincipal() principal: Principal): Promise<MfaStatus> {
    return this.status.own(principal);
  }

  @Post('verify')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Finish a sign-in with a second factor',
    description:
      'Send the `mfa_ticket` of the sign-in answer and exactly one of `totp_code`, `recovery_code` or `webauthn` (an assertion for POST /auth/mfa/webauthn/options). A wrong factor answers 401 and counts per account and IP; the ticket stays usable until it expires or succeeds. The session is at assurance level 2.',
  })
  @ApiOkResponse({ type: SignedInDto })
  @ApiBadRequestResponse({ description: 'No second factor, or several, or a malformed one' })
  @ApiUnauthorizedResponse({ description: 'The ticket is unknown or expired, or the second factor is wrong' })
  @ApiForbiddenResponse({ description: 'The passkey reported a signature counter that did not increase (cloned?)' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  verify(@Body() body: MfaVerifyDto, @Client() client: ClientContext): Promise<SignedIn> {
    const candidates: ProofCandidate[] = [
      {
        field: 'totp_code',
        proof: body.totp_code === undefined ? undefined : { method: 'totp', code: body.totp_code },
      },
      {
        field: 'recovery_code',
        proof: body.recovery_code === undefined ? undefined : { method: 'recovery_code', code: body.recovery_code },
      },
      {
        field: 'webauthn',
        proof: body.webauthn === undefined ? undefined : { method: 'webauthn', response: body.webauthn },
      },
    ];
    return this.signIn.verify(body.mfa_ticket, candidates, client);
  }

  @Post('webauthn/options')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Passkey options for the second step of a sign-in',
    description:
      "WebAuthn request options listing the ticket holder's passkeys; pass them to navigator.credentials.get() and send the result to POST /auth/mfa/verify as `webauthn`.",
  })
  @ApiOkResponse({ type: RequestOptionsDto })
  @ApiBadRequestResponse({ description: 'The body has no mfa_ticket' })
  @ApiUnauthorizedResponse({ description: 'The ticket is unknown or expired' })
  @ApiConflictResponse({ description: 'The account has no passkey' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP; see Retry-After' })
  webauthnOptions(
    @Body() body: MfaTicketDto,
    @Client() client: ClientContext,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return this.signIn.secondFactorOptions(body.mfa_ticket, client);
  }

  @Post('totp')
  @Authenticated()
  @ApiOperation({
    summary: 'Start setting up an authenticator app',
    description:
      'A new secret with its otpauth:// URI and QR code. It is pending (sign-in does not ask for it) until POST /auth/mfa/totp/confirm proves the app shows the right codes; starting again replaces a pending one. With another factor on, this needs a session at aal 2.',
  })
  @ApiCreatedResponse({ type: TotpEnrolmentDto })
  @ApiForbiddenResponse({ description: `${SIGNED_IN_USERS_ONLY}; or another factor is on and the session is at aal 1` })
  @ApiConflictResponse({ description: 'An authenticator app is already set up' })
  startTotp(@CurrentPrincipal() principal: Principal): Promise<TotpEnrolment> {
    return this.enrolment.startTotp(principal);
  }

  @Post('totp/confirm')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turn the authenticator app on with a current code',
    description:
      'The session is raised to aal 2 and new tokens are answered; every other session is signed out and the owner is emailed. When this is the first factor, ten recovery codes come with it, shown this once.',
  })
  @ApiOkResponse({ type: TotpConfirmedDto })
  @ApiBadRequestResponse({ description: 'The code is missing, wrong or already used' })
  @ApiForbiddenResponse({ description: `${SIGNED_IN_USERS_ONLY}; or another factor is on and the session is at aal 1` })
  @ApiConflictResponse({ description: 'No authenticator app is waiting for confirmation' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  confirmTotp(
    @CurrentPrincipal() principal: Principal,
    @Body() body: TotpCodeDto,
    @Client() client: ClientContext,
  ): Promise<FactorAdded> {
    return this.enrolment.confirmTotp(principal, body.code, client.ip);
  }

  @Delete('totp')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove the authenticator app',
    description:
      'Needs a current `code` or a `recovery_code`. Every other session is signed out and the owner is emailed; with no factor left, the recovery codes go too. A pending (unconfirmed) app is removed without proof.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: WRONG_PROOF })
  @ApiForbiddenResponse({ description: SIGNED_IN_USERS_ONLY })
  @ApiNotFoundResponse({ description: 'No authenticator app is set up' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async disableTotp(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SecondFactorProofDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.changes.disableTotp(principal, proofOf(body), client.ip);
  }

  @Post('recovery-codes')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the recovery codes',
    description:
      'Ten new codes, shown this once; the old ones stop working. Needs a session at aal 2, or a current `code` or a `recovery_code`. Every other session is signed out and the owner is emailed.',
  })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ description: WRONG_PROOF })
  @ApiForbiddenResponse({ description: SIGNED_IN_USERS_ONLY })
  @ApiConflictResponse({ description: 'No second factor is on' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async renewRecoveryCodes(
    @CurrentPrincipal() principal: Principal,
    @Body() body: SecondFactorProofDto,
    @Client() client: ClientContext,
  ): Promise<RecoveryCodesDto> {
    return { recovery_codes: await this.changes.renewRecoveryCodes(principal, proofOf(body), client.ip) };
  }

  @Post('passkeys/options')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start registering a passkey',
    description:
      'WebAuthn creation options (a discoverable credential, so it also signs in without a password); pass them to navigator.credentials.create() and send the result to POST /auth/mfa/passkeys within the timeout. With another factor on, this needs a session at aal 2.',
  })
  @ApiOkResponse({ type: CreationOptionsDto })
  @ApiForbiddenResponse({ description: `${SIGNED_IN_USERS_ONLY}; or another factor is on and the session is at aal 1` })
  passkeyOptions(@CurrentPrincipal() principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return this.enrolment.passkeyOptions(principal);
  }

  @Post('passkeys')
  @Authenticated()
  @ApiOperation({
    summary: 'Register a passkey',
    description:
      'Verifies the registration response and stores the passkey. The session is raised to aal 2 with new tokens, every other session is signed out and the owner is emailed; the first factor brings ten recovery codes, shown this once.',
  })
  @ApiCreatedResponse({ type: PasskeyAddedDto })
  @ApiBadRequestResponse({ description: 'The response is malformed or does not verify' })
  @ApiUnauthorizedResponse({ description: 'The challenge is unknown, used or expired: ask for new options' })
  @ApiForbiddenResponse({ description: `${SIGNED_IN_USERS_ONLY}; or another factor is on and the session is at aal 1` })
  @ApiConflictResponse({ description: 'This passkey is already registered' })
  addPasskey(
    @CurrentPrincipal() principal: Principal,
    @Body() body: AddPasskeyDto,
  ): Promise<FactorAdded & { passkey: PasskeyView }> {
    return this.enrolment.addPasskey(principal, body.response as RegistrationResponseJSON, body.name);
  }

  @Delete('passkeys/:id')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove a passkey',
    description:
      'Needs a current `code` or a `recovery_code`. Every other session is signed out and the owner is emailed; with no factor left, the recovery codes go too.',
  })
  @ApiParam({
    name: 'id',
    description: 'The passkey (credential) id',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+$', maxLength: CREDENTIAL_ID_MAX_LENGTH },
  })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ description: `The id is malformed; or ${WRONG_PROOF.toLowerCase()}` })
  @ApiForbiddenResponse({ description: SIGNED_IN_USERS_ONLY })
  @ApiNotFoundResponse({ description: 'The caller has no passkey with this id' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async removePasskey(
    @CurrentPrincipal() principal: Principal,
    @Param('id', PasskeyIdPipe) id: string,
    @Body() body: SecondFactorProofDto,
    @Client() client: ClientContext,
  ): Promise<void> {
    await this.changes.removePasskey(principal, id, proofOf(body), client.ip);
  }
}
