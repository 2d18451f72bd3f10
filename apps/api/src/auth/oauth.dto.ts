// Request shapes of the OAuth flow (/api/v1/auth/oauth/*), identity linking and the sign-in
// settings. Redirect URLs are checked against the allowlist by the service, exactly.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stagecraft/auth';
import { ArrayMaxSize, IsArray, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../common/optional.js';

const URL_MAX = 2048;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export class OAuthStartQueryDto {
  @ApiProperty({
    maxLength: URL_MAX,
    description: 'Where the app receives the result; exactly one of the allowed redirect URLs',
  })
  @IsString()
  @MaxLength(URL_MAX)
  redirect_uri!: string;

  @ApiPropertyOptional({
    pattern: PKCE_CHALLENGE.source,
    maxLength: 43,
    description: 'The app’s own PKCE challenge (S256); the exchange then needs its code_verifier',
  })
  @Optional()
  @IsString()
  @Matches(PKCE_CHALLENGE, { message: '$property must be a base64url SHA-256 (43 characters)' })
  code_challenge?: string;

  @ApiPropertyOptional({ enum: ['S256'] })
  @Optional()
  @IsIn(['S256'])
  code_challenge_method?: 'S256';
}

export class OAuthExchangeDto {
  @ApiProperty({ maxLength: 200, description: 'The one-time `code` the app’s redirect URL received' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  code!: string;

  @ApiPropertyOptional({
    pattern: PKCE_VERIFIER.source,
    maxLength: 128,
    description: 'Required when the flow started with code_challenge',
  })
  @Optional()
  @IsString()
  @Matches(PKCE_VERIFIER, { message: '$property must be 43 to 128 characters of [A-Za-z0-9._~-]' })
  code_verifier?: string;
}

export class LinkIdentityDto {
  @ApiProperty({ maxLength: 40, example: 'github' })
  @IsString()
  @MaxLength(40)
  provider!: string;

  @ApiProperty({ maxLength: URL_MAX, description: 'Where the flow ends: `?linked=<provider>` or `?error=…`' })
  @IsString()
  @MaxLength(URL_MAX)
  redirect_uri!: string;
}

export class AuthSettingsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: URL_MAX },
    maxItems: 50,
    description: 'Exact URLs OAuth flows may redirect to (the console’s own is always allowed)',
    example: ['https://app.example.com/auth/callback', 'com.example.app:/oauth'],
  })
  oauth_redirect_urls!: string[];

  @ApiProperty({
    enum: ROLES,
    isArray: true,
    maxItems: ROLES.length,
    description: 'Roles whose members must use a second factor',
  })
  mfa_required_roles!: Role[];
}

export class UpdateAuthSettingsDto {
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', maxLength: URL_MAX }, maxItems: 50 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(URL_MAX, { each: true })
  oauth_redirect_urls?: string[];

  @ApiPropertyOptional({ enum: ROLES, isArray: true, maxItems: ROLES.length })
  @Optional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true })
  mfa_required_roles?: Role[];
}
