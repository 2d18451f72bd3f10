// Request and response shapes of /api/v1/files.

import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';

export class FileTokenRequestDto {
  @ApiProperty({ description: 'The collection of the record', maxLength: 63, example: 'posts' })
  @IsString()
  @MaxLength(63)
  collection!: string;

  @ApiProperty({ description: 'The record whose files the token opens', format: 'uuid', maxLength: 36 })
  @IsUUID()
  record_id!: string;
}

export class FileTokenDto {
  @ApiProperty({
    description:
      'Add as `?token=` to download URLs of this record’s files; valid for several downloads until it expires',
    maxLength: 2048,
  })
  token!: string;

  @ApiProperty({ description: 'Seconds the token stays valid (FILE_TOKEN_TTL_SECONDS)', minimum: 10, maximum: 3600 })
  expires_in!: number;
}
