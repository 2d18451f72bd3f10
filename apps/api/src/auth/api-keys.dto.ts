// Request and response shapes of /api/v1/api-keys. The key itself appears in one response
// only, the one that creates it; afterwards only its prefix identifies it.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@stagecraft/auth';
import { IsIn, IsRFC3339, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';

export class CreateApiKeyDto {
  @ApiProperty({ example: 'billing-sync', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ enum: ROLES, description: 'The role requests made with the key act with' })
  @IsIn(ROLES)
  role!: Role;

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When the key stops working; in the future. Absent: never.',
  })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined)
  @IsRFC3339()
  expires_at?: string;
}

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The visible part of the key (`sc_<prefix>_…`)', example: '3f9a0c1b2d4e' })
  prefix!: string;
  @ApiProperty({ enum: ROLES }) role!: string;
  @ApiProperty({ type: [String] }) scopes!: string[];
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true, description: 'The admin who created it' })
  created_by!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time', type: 'string', nullable: true }) expires_at!: string | null;
  @ApiProperty({ format: 'date-time', type: 'string', nullable: true, description: 'Recorded to the minute' })
  last_used_at!: string | null;
  @ApiProperty({ format: 'date-time', type: 'string', nullable: true }) revoked_at!: string | null;
}

export class CreatedApiKeyDto {
  @ApiProperty({
    description: 'The key, for `Authorization: Bearer` or `X-API-Key`. Shown only now: store it.',
    example: 'sc_3f9a0c1b2d4e_…',
  })
  key!: string;

  @ApiProperty({ type: ApiKeyDto }) api_key!: ApiKeyDto;
}

export class ApiKeyListDto {
  @ApiProperty({ type: [ApiKeyDto] }) data!: ApiKeyDto[];
}
