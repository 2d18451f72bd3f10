// Request and response shapes of /api/v1/files.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';

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

export class FileDownloadQueryDto {
  @ApiPropertyOptional({
    description: 'A thumbnail preset of the field (e.g. `100x100`); a file that is not a raster image is sent as it is',
    pattern: '^[0-9]{1,4}x[0-9]{1,4}[tbf]?$',
    maxLength: 10,
  })
  @IsOptional()
  @IsString()
  @Matches(/^[0-9]{1,4}x[0-9]{1,4}[tbf]?$/, { message: 'thumb must be a preset such as 100x100' })
  thumb?: string;

  @ApiPropertyOptional({ description: '`1`: send as an attachment (save) rather than inline', enum: ['1', 'true'] })
  @IsOptional()
  @IsIn(['1', 'true'])
  download?: string;

  @ApiPropertyOptional({ description: 'A file token (POST /files/token), for protected files', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  token?: string;
}
