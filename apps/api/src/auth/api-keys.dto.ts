// Request and response shapes of /api/v1/api-keys. The key itself appears in one response
// only, the one that creates it; afterwards only its prefix identifies it.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stagecraft/auth';
import { IsIn, IsRFC3339, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { NULLABLE_TIMESTAMP, NULLABLE_UUID, TIMESTAMP, UUID } from '../common/api-schemas.js';

const NAME_MAX = 100;
/** RFC 3339 with microseconds and an offset is 32 characters; longer values are refused. */
const EXPIRES_AT_MAX = 64;

export class CreateApiKeyDto {
  @ApiProperty({ example: 'billing-sync', minLength: 1, maxLength: NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiProperty({ enum: ROLES, description: 'The role requests made with the key act with' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    format: 'date-time',
    maxLength: EXPIRES_AT_MAX,
    description: 'When the key stops working; in the future. Absent: never.',
  })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @IsRFC3339()
  @MaxLength(EXPIRES_AT_MAX)
  expires_at?: string;
}

export class ApiKeyDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ maxLength: NAME_MAX }) name!: string;
  @ApiProperty({
    description: 'The visible part of the key (`sc_<prefix>_…`)',
    example: '3f9a0c1b2d4e',
    pattern: '^[0-9a-f]{12}$',
    maxLength: 12,
  })
  prefix!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', maxLength: 100 },
    maxItems: 0,
    description: 'Reserved for per-key scopes; always empty: a key acts with its role',
  })
  scopes!: string[];
  @ApiProperty({ ...NULLABLE_UUID, description: 'The admin who created it' })
  created_by!: string | null;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(NULLABLE_TIMESTAMP) expires_at!: string | null;
  @ApiProperty({ ...NULLABLE_TIMESTAMP, description: 'Recorded to the minute' })
  last_used_at!: string | null;
  @ApiProperty(NULLABLE_TIMESTAMP) revoked_at!: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({
    description: 'The key, for `Authorization: Bearer` or `X-API-Key`. Shown only now: store it.',
    example: 'sc_3f9a0c1b2d4e_Ii08911FWXJZmfk_86bjPVXLRiAo6xGYlvOrZmPIlZQ',
    pattern: '^sc_[0-9a-f]{12}_[A-Za-z0-9_-]+$',
    maxLength: 64,
  })
  key!: string;

  @ApiProperty({ type: ApiKeyDto }) api_key!: ApiKeyDto;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
}
