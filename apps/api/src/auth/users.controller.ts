// /api/v1/users: admin user management — list, get, create, change, delete, set the password
// and force logout, and a user's MFA status. Disabling, deleting, setting the password or
// force-logging-out a user ends their sessions at once.

import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import {
  AdminOnly,
  CurrentPrincipal,
  MfaStatusService,
  PasswordResetService,
  UserPasswordService,
  UsersService,
  type MfaStatus,
  type Principal,
  type PublicUser,
} from '@stagecraft/auth';
import { RevokedSessionsDto, UserDto } from './auth.dto.js';
import { EmailSentDto } from './email-flows.dto.js';
import { MfaStatusDto } from './mfa.dto.js';
import { CreateUserDto, ListUsersQueryDto, SetPasswordDto, UpdateUserDto, UserListDto } from './users.dto.js';
import { UUID } from '../common/api-schemas.js';
import { ParseIdPipe } from '../common/parse-id.pipe.js';

const ID_PARAM = { name: 'id', schema: UUID, description: 'The user id' } as const;

@ApiTags('users')
@AdminOnly()
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly passwordReset: PasswordResetService,
    private readonly mfaStatus: MfaStatusService,
    private readonly userPassword: UserPasswordService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List users, oldest first, filtered by email substring and role',
    description: 'A page at a time with `limit` and `offset`; `meta.total` counts every match.',
  })
  @ApiOkResponse({ type: UserListDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid (limit above 500, unknown role…)' })
  list(@Query() query: ListUsersQueryDto): Promise<UserListDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user', description: 'The account as the user sees it at /auth/me.' })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  get(@Param('id', ParseIdPipe) id: string): Promise<PublicUser> {
    return this.users.get(id);
  }

  @Get(':id/mfa')
  @ApiOperation({
    summary: "A user's MFA status",
    description: 'Which second factors are on and the passkeys by name; never a secret or a recovery code.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: MfaStatusDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  getMfa(@Param('id', ParseIdPipe) id: string): Promise<MfaStatus> {
    return this.mfaStatus.forUser(id);
  }

  @Post()
  @ApiOperation({
    summary: 'Create a user with a role; the password policy applies',
    description: 'No email is sent; send a password reset link afterwards if the user should choose a password.',
  })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The email is invalid or the password breaks the policy' })
  @ApiConflictResponse({ description: 'The email is already registered (UNIQUE_VIOLATION)' })
  create(@Body() body: CreateUserDto, @CurrentPrincipal() principal: Principal): Promise<PublicUser> {
    return this.users.create(body, principal);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change email, role, verified or disabled; disabling signs the user out everywhere',
    description: 'Only the properties given change. Admins cannot demote or disable themselves.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ description: 'The id or a field is invalid' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  @ApiConflictResponse({ description: 'The email is taken, or an admin tried to demote or disable themselves' })
  update(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: UpdateUserDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<PublicUser> {
    return this.users.update(id, body, principal);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a user and their sessions',
    description: 'Records the user created stay, their created_by set to null.',
  })
  @ApiParam(ID_PARAM)
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  @ApiConflictResponse({ description: 'An admin tried to delete themselves' })
  async delete(@Param('id', ParseIdPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    await this.users.delete(id, principal);
  }

  @Post(':id/logout')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the user out of every session',
    description: 'Every refresh token of the user stops working at once; access tokens expire on their own.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RevokedSessionsDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  forceLogout(@Param('id', ParseIdPipe) id: string): Promise<RevokedSessionsDto> {
    return this.users.forceLogout(id);
  }

  @Put(':id/password')
  @ApiOperation({
    summary: "Set a user's password; the user is signed out everywhere",
    description:
      'The password policy applies as at sign-up, and a sign-in lockout of the account is lifted. Admins change their own password through POST /auth/password.',
  })
  @ApiParam(ID_PARAM)
  @ApiOkResponse({ type: RevokedSessionsDto, description: 'How many sessions of the user were signed out' })
  @ApiBadRequestResponse({ description: 'The id is not a UUID, or the password breaks the policy (see `errors`)' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  @ApiConflictResponse({ description: 'An admin tried to set their own password here' })
  setPassword(
    @Param('id', ParseIdPipe) id: string,
    @Body() body: SetPasswordDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<RevokedSessionsDto> {
    return this.userPassword.set(id, body.password, principal);
  }

  @Post(':id/password-reset')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Email the user a password reset link (single use, expires after EMAIL_TOKEN_TTL_SECONDS)',
    description: 'Counts toward the per-address email limit, like a reset the user asks for.',
  })
  @ApiParam(ID_PARAM)
  @ApiAcceptedResponse({ type: EmailSentDto })
  @ApiBadRequestResponse({ description: 'The id is not a UUID' })
  @ApiNotFoundResponse({ description: 'No user has this id' })
  @ApiConflictResponse({ description: 'The user is disabled' })
  @ApiTooManyRequestsResponse({ description: 'Too many emails to this address; see Retry-After' })
  @ApiServiceUnavailableResponse({ description: 'The email queue is unreachable; try again' })
  async sendPasswordReset(@Param('id', ParseIdPipe) id: string): Promise<EmailSentDto> {
    await this.passwordReset.requestForUser(id);
    return { sent: true };
  }
}
