// Request and response shapes of /api/v1/auth. Unknown properties are rejected by the global
// validation pipe, so `role`, `verified` or `id` can never be smuggled into a sign-up.

import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { COUNT, EMAIL, EMAIL_MAX_LENGTH, TIMESTAMP, NULLABLE_TIMESTAMP, UUID } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';

/** Passwords longer than this are refused (the policy's own maximum, PASSWORD_MAX_LENGTH). */
const PASSWORD_MAX = 256;
const NEW_PASSWORD =
  'At least PASSWORD_MIN_LENGTH characters (10 unless the instance sets otherwise), not a common password, not the email';
/** Refresh tokens are 43 base64url characters; anything longer is refused before it is looked up. */
const REFRESH_TOKEN_MAX = 512;

export class CredentialsDto {
  @ApiProperty({ ...EMAIL, example: 'ada@example.com' })
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email!: string;

  @ApiProperty({
    example: 'correct horse battery staple',
    minLength: 1,
    maxLength: PASSWORD_MAX,
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(PASSWORD_MAX)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token from the last sign-in or refresh',
    minLength: 1,
    maxLength: REFRESH_TOKEN_MAX,
    writeOnly: true,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(REFRESH_TOKEN_MAX)
  refresh_token!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ ...EMAIL, example: 'ada@example.com' })
  @Optional()
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  email?: string;
}

export class ChangePasswordDto {
  @ApiPropertyOptional({
    maxLength: PASSWORD_MAX,
    writeOnly: true,
    description: 'Required, unless the account has no password yet (it was created through a sign-in provider).',
  })
  @Optional()
  @IsString()
  @MaxLength(PASSWORD_MAX)
  current_password?: string;

  @ApiProperty({ maxLength: PASSWORD_MAX, writeOnly: true, description: NEW_PASSWORD })
  @IsString()
  @MaxLength(PASSWORD_MAX)
  new_password!: string;
}

export class UserDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(EMAIL) email!: string;
  @ApiProperty({ enum: ['admin', 'user'] }) role!: string;
  @ApiProperty() verified!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ description: 'False for an account created through a sign-in provider that has set no password' })
  has_password!: boolean;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
  @ApiProperty(NULLABLE_TIMESTAMP) last_login_at!: string | null;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 2_147_483_647,
    description: 'Bumped on every change',
  })
  version!: number;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for the Authorization header; short-lived', maxLength: 2048 })
  access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: string;
  @ApiProperty({ ...COUNT, description: 'Seconds until the access token expires', example: 900 })
  expires_in!: number;
  @ApiProperty({
    description: 'Opaque; exchange it at /auth/refresh. Each use returns a new one.',
    maxLength: REFRESH_TOKEN_MAX,
  })
  refresh_token!: string;
}

export class SignedInDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;

  @ApiPropertyOptional({
    enum: [true],
    description:
      'Present when the role must use a second factor (`mfa_required_roles`) and none is set up: until one is (`/auth/mfa/totp` or `/auth/mfa/passkeys`), other routes answer 403 MFA_ENROLLMENT_REQUIRED.',
  })
  mfa_enrollment_required?: boolean;
}

/** MFA tickets are 43 base64url characters; anything longer is refused before it is looked up. */
export const MFA_TICKET_MAX_LENGTH = 64;

export class MfaRequiredDto {
  @ApiProperty({ enum: [true], description: 'The password (or provider) was right; a second factor is needed' })
  mfa_required!: boolean;

  @ApiProperty({
    description: 'Send it to POST /auth/mfa/verify with one second factor; it works until it expires or succeeds',
    maxLength: MFA_TICKET_MAX_LENGTH,
  })
  mfa_ticket!: string;

  @ApiProperty({
    enum: ['totp', 'webauthn', 'recovery_code'],
    isArray: true,
    maxItems: 3,
    description: 'The second factors this account can use',
  })
  methods!: string[];

  @ApiProperty({ ...COUNT, description: 'Seconds until the ticket expires', example: 300 })
  expires_in!: number;
}

/** 200 of a first factor: signed in, or the MFA step (documented as oneOf; login and the OAuth exchange). */
export const ApiSignInOutcome = (description?: string): MethodDecorator =>
  applyDecorators(
    ApiExtraModels(SignedInDto, MfaRequiredDto),
    ApiOkResponse({
      description:
        description ??
        'Signed in, or — when the account has a second factor — `mfa_required` with a ticket for POST /auth/mfa/verify',
      schema: { oneOf: [{ $ref: getSchemaPath(SignedInDto) }, { $ref: getSchemaPath(MfaRequiredDto) }] },
    }),
  );

export class SetupStatusDto {
  @ApiProperty({ description: 'True while no admin exists: POST /auth/setup creates the first one' })
  needs_setup!: boolean;
}

export class RevokedSessionsDto {
  @ApiProperty({ ...COUNT, description: 'How many sessions were signed out' }) revoked_sessions!: number;
}
