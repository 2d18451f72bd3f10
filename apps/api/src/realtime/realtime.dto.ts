// Request and response shapes of /api/v1/realtime. A subscription's fields are checked again
// by the engine against the collection (topic, filter, fields, expand), with the records API's
// problems.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';

const TEXT_MAX = 4096;

export class SubscriptionRequestDto {
  @ApiPropertyOptional({
    description: 'Names the subscription in its events; s1, s2 … when absent',
    pattern: '^[A-Za-z0-9_.:-]{1,64}$',
    maxLength: 64,
    example: 'open-posts',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  id?: string;

  @ApiProperty({
    description: 'A collection (`posts`: every record the list rule shows) or one record (`posts/<id>`: the view rule)',
    maxLength: 200,
    example: 'posts',
  })
  @IsString()
  @MaxLength(200)
  topic!: string;

  @ApiPropertyOptional({
    description: 'Only records matching this expression, as in list queries',
    maxLength: TEXT_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  filter?: string;

  @ApiPropertyOptional({
    description: 'Comma list of fields each record carries, as in list queries',
    maxLength: TEXT_MAX,
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  fields?: string;

  @ApiPropertyOptional({ description: 'Relations to expand in each record, as in list queries', maxLength: TEXT_MAX })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT_MAX)
  expand?: string;
}

export class SubscribeDto {
  @ApiProperty({ type: [SubscriptionRequestDto], minItems: 1, maxItems: 10000 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10000)
  @ValidateNested({ each: true })
  @Type(() => SubscriptionRequestDto)
  subscriptions!: SubscriptionRequestDto[];
}

export class SubscriptionDto {
  @ApiProperty({ maxLength: 64 }) id!: string;
  @ApiProperty({ maxLength: 240 }) topic!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: TEXT_MAX }) filter!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: TEXT_MAX }) fields!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: TEXT_MAX }) expand!: string | null;
}

export class SubscriptionListDto {
  @ApiProperty({ type: [SubscriptionDto], maxItems: 10000, description: 'At most REALTIME_MAX_SUBSCRIPTIONS' })
  data!: SubscriptionDto[];
}

export class TicketDto {
  @ApiProperty({
    description: 'Pass as `?ticket=` to GET /api/v1/realtime or /api/v1/realtime/ws; works once',
    pattern: '^rt_[A-Za-z0-9_-]{43}$',
    maxLength: 46,
  })
  ticket!: string;

  @ApiProperty({ description: 'Seconds the ticket stays valid', minimum: 1, maximum: 300 })
  expires_in!: number;
}
