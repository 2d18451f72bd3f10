// Request and response shapes of /api/v1/auth/providers (admin) and /api/v1/auth/methods
// (public). The client secret is write-only: responses only say that one is set.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PROVIDER_PRESETS, type ProviderPreset } from '@stagecraft/auth';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { NULLABLE_TIMESTAMP, TIMESTAMP } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';

export const PROVIDER_NAME = { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,39}$', maxLength: 40 } as const;
const URL_MAX = 2048;
const SECRET_MAX = 1024;
const SCOPES_MAX = 30;
const KINDS = ['oidc', 'github'] as const;

class ProviderSettingsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 80, description: 'The label on sign-in buttons' })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  display_name?: string;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: URL_MAX,
    description: 'OpenID Connect issuer; everything else is discovered from it. Required for the oidc preset.',
    example: 'https://login.example.com/realms/main',
  })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX)
  issuer?: string;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: URL_MAX,
    description: 'OAuth2 only: overrides the preset (e.g. GitHub Enterprise)',
  })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX)
  authorization_url?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: URL_MAX, description: 'OAuth2 only: overrides the preset' })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX)
  token_url?: string;

  @ApiPropertyOptional({
    format: 'uri',
    maxLength: URL_MAX,
    description: 'GitHub only: the API base URL (user and emails)',
  })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX)
  api_url?: string;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: 100 },
    maxItems: SCOPES_MAX,
    description: 'Defaults to the preset’s scopes',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(SCOPES_MAX)
  @IsString({ each: true })
  @Matches(/^[\x21-\x7e]{1,100}$/, { each: true, message: 'Each scope must be 1 to 100 visible characters long.' })
  scopes?: string[];

  @ApiPropertyOptional({ description: 'Disabled providers are hidden from sign-in pages and refuse new sign-ins' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class CreateProviderDto extends ProviderSettingsDto {
  @ApiProperty({ ...PROVIDER_NAME, example: 'google', description: 'In the callback URL; cannot change later' })
  @IsString()
  @Matches(new RegExp(PROVIDER_NAME.pattern), {
    message: '$property must be lowercase letters, digits, - and _, starting with a letter',
  })
  name!: string;

  @ApiProperty({ enum: PROVIDER_PRESETS, description: 'oidc: any OpenID Connect provider; google; github (OAuth2)' })
  @IsIn(PROVIDER_PRESETS)
  preset!: ProviderPreset;

  @ApiProperty({ minLength: 1, maxLength: 512 })
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  client_id!: string;

  @ApiProperty({
    minLength: 1,
    maxLength: SECRET_MAX,
    writeOnly: true,
    description: 'Stored encrypted; never returned',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(SECRET_MAX)
  client_secret!: string;
}

export class UpdateProviderDto extends ProviderSettingsDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 512 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(512)
  client_id?: string;

  @ApiPropertyOptional({
    minLength: 1,
    maxLength: SECRET_MAX,
    writeOnly: true,
    description: 'Replaces the stored secret',
  })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(SECRET_MAX)
  client_secret?: string;
}

export class ProviderDto {
  @ApiProperty(PROVIDER_NAME) name!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
  @ApiProperty({ maxLength: 80 }) display_name!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: URL_MAX }) issuer!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: URL_MAX }) authorization_url!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: URL_MAX }) token_url!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: URL_MAX }) api_url!: string | null;
  @ApiProperty({ maxLength: 512 }) client_id!: string;
  @ApiProperty({ enum: [true], description: 'A secret is always set; it is never returned' }) client_secret_set!: true;
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: SCOPES_MAX }) scopes!: string[];
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ maxLength: URL_MAX, description: 'Register this as the redirect URL at the provider' })
  callback_url!: string;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
}

export class ProviderListDto {
  @ApiProperty({ type: [ProviderDto] }) data!: ProviderDto[];
}

export class TestSignInDto {
  @ApiPropertyOptional({
    maxLength: URL_MAX,
    description: 'Where the test ends; the console’s own callback when absent. Must be an allowed redirect URL.',
  })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX)
  redirect_uri?: string;
}

export class AuthorizationUrlDto {
  @ApiProperty({ maxLength: 8192, description: 'Send the browser here' }) authorization_url!: string;
}

export class TestResultRequestDto {
  @ApiProperty({ maxLength: 200, description: 'The `code` the test sign-in ended with' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  code!: string;
}

export class TestSignInResultDto {
  @ApiProperty(PROVIDER_NAME) provider!: string;
  @ApiProperty({ maxLength: URL_MAX }) issuer!: string;
  @ApiProperty({ maxLength: 255 }) subject!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 254 }) email!: string | null;
  @ApiProperty() email_verified!: boolean;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 255 }) name!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Every claim or profile field the provider sent',
  })
  claims!: Record<string, unknown>;
}

export class PublicProviderDto {
  @ApiProperty(PROVIDER_NAME) name!: string;
  @ApiProperty({ maxLength: 80 }) display_name!: string;
  @ApiProperty({ enum: KINDS }) kind!: string;
}

export class SignInMethodsDto {
  @ApiProperty({ description: 'Email and password sign-in' }) password!: boolean;
  @ApiProperty({ description: 'Whether new accounts may be created (sign-up, or a first provider sign-in)' })
  registration!: boolean;
  @ApiProperty({ description: 'Passwordless sign-in with a passkey' }) passkeys!: boolean;
  @ApiProperty({ type: [PublicProviderDto], description: 'Enabled providers, for sign-in buttons' })
  providers!: PublicProviderDto[];
}

export class IdentityDto {
  @ApiProperty({ type: 'string', format: 'uuid', maxLength: 36 }) id!: string;
  @ApiProperty(PROVIDER_NAME) provider!: string;
  @ApiProperty({ maxLength: 80 }) provider_display_name!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 254 }) email!: string | null;
  @ApiProperty() email_verified!: boolean;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(NULLABLE_TIMESTAMP) last_login_at!: string | null;
}

export class IdentityListDto {
  @ApiProperty({ type: [IdentityDto] }) data!: IdentityDto[];
}
