// /api/v1/auth: sign-up, sign-in, token refresh, sign-out, the caller's profile and password,
// and the one-time first-admin setup. Sign-in answers the MFA step when the account has a
// second factor (see mfa.controller.ts).

import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AllowedBeforeMfaEnrolment,
  AuthService,
  Authenticated,
  CurrentPrincipal,
  EmailVerificationService,
  Public,
  type ClientContext,
  type MfaRequired,
  type Principal,
  type PublicUser,
  type SignedIn,
  type TokenPair,
} from '@stagecraft/auth';
import { Client } from './client-context.js';
import {
  ApiSignInOutcome,
  ChangePasswordDto,
  CredentialsDto,
  RefreshDto,
  RevokedSessionsDto,
  SetupStatusDto,
  SignedInDto,
  TokenPairDto,
  UpdateMeDto,
  UserDto,
} from './auth.dto.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly emailVerification: EmailVerificationService,
  ) {}

  @Post('register')
  @Public()
  @ApiOperation({
    summary: 'Create an account (role user) and sign in',
    description: 'A link that verifies the address is emailed to the new user.',
  })
  @ApiCreatedResponse({ type: SignedInDto, description: 'Signed in as the new user' })
  @ApiBadRequestResponse({ description: 'The email is invalid or the password breaks the policy (see `errors`)' })
  @ApiForbiddenResponse({ description: 'Registration is switched off' })
  @ApiConflictResponse({ description: 'The email is already registered' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP; see Retry-After' })
  async register(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn> {
    const signedIn = await this.auth.register(body, client);
    await this.emailVerification.sendAfterSignUp(signedIn.user);
    return signedIn;
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign in with email and password',
    description:
      'Answers with a short-lived access token and a refresh token — or, when the account has a second factor, with `mfa_required` and a ticket to finish at POST /auth/mfa/verify. Wrong attempts count per IP and per account; past the limit the answer is 429 until the window ends.',
  })
  @ApiSignInOutcome()
  @ApiBadRequestResponse({ description: 'The body is not an email and a password' })
  @ApiUnauthorizedResponse({ description: 'The email or password is wrong (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this IP or account; see Retry-After' })
  login(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn | MfaRequired> {
    return this.auth.login(body, client);
  }

  @Post('refresh')
  @Public()
  @AllowedBeforeMfaEnrolment()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description: 'Each refresh token works once. Reusing one after the grace window signs the whole session out.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiBadRequestResponse({ description: 'The body has no refresh_token' })
  @ApiUnauthorizedResponse({ description: 'The refresh token is unknown, expired, revoked or reused' })
  @ApiTooManyRequestsResponse({ description: 'Too many refreshes from this IP; see Retry-After' })
  refresh(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<TokenPair> {
    return this.auth.refresh(body.refresh_token, client);
  }

  @Post('logout')
  @Authenticated()
  @AllowedBeforeMfaEnrolment()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out this session',
    description: 'Revokes the session of the access token: its refresh token stops working at once.',
  })
  @ApiNoContentResponse({ description: 'Signed out' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Post('logout-all')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign out every session of the caller, this one included',
    description: 'Every refresh token of the user stops working; access tokens already issued expire on their own.',
  })
  @ApiOkResponse({ type: RevokedSessionsDto })
  @ApiForbiddenResponse({ description: 'Called with an API key: this is for signed-in users' })
  async logoutAll(@CurrentPrincipal() principal: Principal): Promise<RevokedSessionsDto> {
    return { revoked_sessions: await this.auth.logoutAll(principal) };
  }

  @Get('me')
  @Authenticated()
  @AllowedBeforeMfaEnrolment()
  @ApiOperation({
    summary: 'The signed-in user',
    description: 'The account of the access token: email, role, verified and the like.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ description: 'Called with an API key: this is for signed-in users' })
  me(@CurrentPrincipal() principal: Principal): Promise<PublicUser> {
    return this.auth.me(principal);
  }

  @Patch('me')
  @Authenticated()
  @ApiOperation({
    summary: 'Update the signed-in user; role, verified and the like cannot be changed here',
    description: 'Only the email can change here; admins change the rest through /users.',
  })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The email is invalid, or the body names another property' })
  @ApiForbiddenResponse({ description: 'Called with an API key: this is for signed-in users' })
  @ApiConflictResponse({ description: 'The new email is already registered' })
  updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<PublicUser> {
    return this.auth.updateMe(principal, body);
  }

  @Post('password')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Change the password; every other session is signed out',
    description: 'Needs the current password. The new one follows the same policy as at sign-up.',
  })
  @ApiOkResponse({ type: RevokedSessionsDto, description: 'How many other sessions were signed out' })
  @ApiBadRequestResponse({ description: 'The current password is wrong, or the new one breaks the policy' })
  @ApiForbiddenResponse({ description: 'Called with an API key: this is for signed-in users' })
  async changePassword(
    @CurrentPrincipal() principal: Principal,
    @Body() body: ChangePasswordDto,
  ): Promise<RevokedSessionsDto> {
    const revoked = await this.auth.changePassword(principal, {
      currentPassword: body.current_password,
      newPassword: body.new_password,
    });
    return { revoked_sessions: revoked };
  }

  @Get('setup')
  @Public()
  @ApiOperation({
    summary: 'Whether the instance still needs its first admin',
    description: 'The console asks this first: while no admin exists it offers the setup form.',
  })
  @ApiOkResponse({ type: SetupStatusDto })
  async setupStatus(): Promise<SetupStatusDto> {
    return { needs_setup: await this.auth.needsSetup() };
  }

  @Post('setup')
  @Public()
  @ApiOperation({
    summary: 'Create the first admin; works only while no admin exists',
    description: 'Signs the new admin in. Once any admin exists the answer is 409: sign in instead.',
  })
  @ApiCreatedResponse({ type: SignedInDto, description: 'Signed in as the first admin' })
  @ApiBadRequestResponse({ description: 'The email is invalid or the password breaks the policy (see `errors`)' })
  @ApiConflictResponse({ description: 'An admin exists already' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP; see Retry-After' })
  setup(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn> {
    return this.auth.setupFirstAdmin(body, client);
  }
}
