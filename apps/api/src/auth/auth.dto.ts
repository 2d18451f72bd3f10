// Request and response shapes of /api/v1/auth. Unknown properties are rejected by the global
// validation pipe, so `role`, `verified` or `id` can never be smuggled into a sign-up.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../common/optional.js';

export class CredentialsDto {
  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple', minLength: 1, maxLength: 256, writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password!: string;
}

export class RefreshDto {
  @ApiProperty({ description: 'The refresh token from the last sign-in or refresh', writeOnly: true })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  refresh_token!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ example: 'ada@example.com' })
  @Optional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ writeOnly: true })
  @IsString()
  @MaxLength(256)
  current_password!: string;

  @ApiProperty({ writeOnly: true, minLength: 10, maxLength: 256 })
  @IsString()
  @MaxLength(256)
  new_password!: string;
}

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty({ enum: ['admin', 'user'] }) role!: string;
  @ApiProperty() verified!: boolean;
  @ApiProperty() disabled!: boolean;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ format: 'date-time', type: 'string', nullable: true }) last_login_at!: string | null;
  @ApiProperty({ description: 'Bumped on every change' }) version!: number;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for the Authorization header; short-lived' }) access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: string;
  @ApiProperty({ description: 'Seconds until the access token expires', example: 900 }) expires_in!: number;
  @ApiProperty({ description: 'Opaque; exchange it at /auth/refresh. Each use returns a new one.' })
  refresh_token!: string;
}

export class SignedInDto extends TokenPairDto {
  @ApiProperty({ type: UserDto }) user!: UserDto;
}

export class SetupStatusDto {
  @ApiProperty({ description: 'True while no admin exists: POST /auth/setup creates the first one' })
  needs_setup!: boolean;
}

export class RevokedSessionsDto {
  @ApiProperty({ description: 'How many sessions were signed out' }) revoked_sessions!: number;
}
