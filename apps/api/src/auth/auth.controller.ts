// /api/v1/auth: sign-up, sign-in, token refresh, sign-out, the caller's profile and password,
// and the one-time first-admin setup.

import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AuthService,
  Authenticated,
  CurrentPrincipal,
  EmailVerificationService,
  Public,
  type ClientContext,
  type Principal,
  type PublicUser,
  type SignedIn,
  type TokenPair,
} from '@stagecraft/auth';
import { Client } from './client-context.js';
import {
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
  @ApiCreatedResponse({ type: SignedInDto })
  @ApiForbiddenResponse({ description: 'Registration is switched off' })
  @ApiConflictResponse({ description: 'The email is already registered' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts from this IP' })
  async register(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn> {
    const signedIn = await this.auth.register(body, client);
    await this.emailVerification.sendAfterSignUp(signedIn.user);
    return signedIn;
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: SignedInDto })
  @ApiUnauthorizedResponse({ description: 'The email or password is wrong (the same answer for both)' })
  @ApiTooManyRequestsResponse({ description: 'Too many attempts for this IP or account; see Retry-After' })
  login(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn> {
    return this.auth.login(body, client);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Exchange a refresh token for new tokens',
    description: 'Each refresh token works once. Reusing one after the grace window signs the whole session out.',
  })
  @ApiOkResponse({ type: TokenPairDto })
  @ApiUnauthorizedResponse({ description: 'The refresh token is unknown, expired, revoked or reused' })
  refresh(@Body() body: RefreshDto, @Client() client: ClientContext): Promise<TokenPair> {
    return this.auth.refresh(body.refresh_token, client);
  }

  @Post('logout')
  @Authenticated()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out this session' })
  async logout(@CurrentPrincipal() principal: Principal): Promise<void> {
    await this.auth.logout(principal);
  }

  @Post('logout-all')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign out every session of the caller, this one included' })
  @ApiOkResponse({ type: RevokedSessionsDto })
  async logoutAll(@CurrentPrincipal() principal: Principal): Promise<RevokedSessionsDto> {
    return { revoked_sessions: await this.auth.logoutAll(principal) };
  }

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserDto })
  me(@CurrentPrincipal() principal: Principal): Promise<PublicUser> {
    return this.auth.me(principal);
  }

  @Patch('me')
  @Authenticated()
  @ApiOperation({ summary: 'Update the signed-in user; role, verified and the like cannot be changed here' })
  @ApiOkResponse({ type: UserDto })
  @ApiConflictResponse({ description: 'The new email is already registered' })
  updateMe(@CurrentPrincipal() principal: Principal, @Body() body: UpdateMeDto): Promise<PublicUser> {
    return this.auth.updateMe(principal, body);
  }

  @Post('password')
  @Authenticated()
  @HttpCode(200)
  @ApiOperation({ summary: 'Change the password; every other session is signed out' })
  @ApiOkResponse({ type: RevokedSessionsDto })
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
  @ApiOperation({ summary: 'Whether the instance still needs its first admin' })
  @ApiOkResponse({ type: SetupStatusDto })
  async setupStatus(): Promise<SetupStatusDto> {
    return { needs_setup: await this.auth.needsSetup() };
  }

  @Post('setup')
  @Public()
  @ApiOperation({ summary: 'Create the first admin; works only while no admin exists' })
  @ApiCreatedResponse({ type: SignedInDto })
  @ApiConflictResponse({ description: 'An admin exists already' })
  setup(@Body() body: CredentialsDto, @Client() client: ClientContext): Promise<SignedIn> {
    return this.auth.setupFirstAdmin(body, client);
  }
}
