// Request and response shapes of /api/v1/webhooks and their deliveries. Optional body fields
// accept a value or absence; only `condition` may be null (no condition).

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordAction } from '@stagecraft/events';
import { DELIVERY_STATES, URL_MAX_LENGTH, WEBHOOK_ACTIONS, type DeliveryState } from '@stagecraft/webhooks';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Optional } from '../common/optional.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const DELIVERIES_LIMIT_DEFAULT = 20;
export const DELIVERIES_LIMIT_MAX = 100;
const MAX_COLLECTIONS = 200;

const CONDITION_DESCRIPTION =
  'Only events whose record meets it are delivered (the record after the change; before it for deletes). ' +
  'The record filter language, checked against every listed collection when saved. Null: every event.';

export class CreateWebhookDto {
  @ApiProperty({ example: 'order sync', minLength: 1, maxLength: 100 })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'https://example.com/hooks/stagecraft', maxLength: URL_MAX_LENGTH })
  @IsString()
  @MaxLength(URL_MAX_LENGTH)
  url!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['orders'],
    description: 'Collection names; empty: every collection',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_COLLECTIONS)
  @IsString({ each: true })
  collections?: string[];

  @ApiPropertyOptional({ enum: WEBHOOK_ACTIONS, isArray: true, default: WEBHOOK_ACTIONS })
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(WEBHOOK_ACTIONS, { each: true })
  actions?: RecordAction[];

  @ApiPropertyOptional({ type: 'string', nullable: true, example: 'total > 100', description: CONDITION_DESCRIPTION })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  condition?: string | null;

  @ApiPropertyOptional({
    description: 'The signing secret, `whsec_` + base64 of 24 to 64 bytes. Absent: generated.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  @Optional()
  @IsString()
  secret?: string;

  @ApiPropertyOptional({ default: true })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ maxLength: URL_MAX_LENGTH })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX_LENGTH)
  url?: string;

  @ApiPropertyOptional({ type: [String], description: 'Collection names; empty: every collection' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_COLLECTIONS)
  @IsString({ each: true })
  collections?: string[];

  @ApiPropertyOptional({ enum: WEBHOOK_ACTIONS, isArray: true })
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(WEBHOOK_ACTIONS, { each: true })
  actions?: RecordAction[];

  @ApiPropertyOptional({ type: 'string', nullable: true, description: CONDITION_DESCRIPTION })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  condition?: string | null;

  @ApiPropertyOptional({ description: 'A new signing secret, `whsec_` + base64 of 24 to 64 bytes' })
  @Optional()
  @IsString()
  secret?: string;

  @ApiPropertyOptional({ description: 'true turns the webhook on again and clears disabled_reason' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ type: [String], description: 'Empty: every collection' }) collections!: string[];
  @ApiProperty({ enum: WEBHOOK_ACTIONS, isArray: true }) actions!: RecordAction[];
  @ApiProperty({ type: 'string', nullable: true }) condition!: string | null;
  @ApiProperty({ description: 'Signs every delivery (`webhook-signature`)' }) secret!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why the webhook was turned off, e.g. the receiver answered 410 Gone',
  })
  disabled_reason!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) data!: WebhookDto[];
}

export class AttemptDto {
  @ApiProperty({ description: '1 for the first try of the delivery' }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) started_at!: string;
  @ApiProperty() duration_ms!: number;
  @ApiProperty({ type: 'integer', nullable: true }) response_status!: number | null;
  @ApiProperty({ type: 'string', nullable: true, description: 'The first 1 KB of the answer' })
  response_excerpt!: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why no answer was received: `refused: …` (address not allowed), `timeout: …` or `network: …`',
  })
  error!: string | null;
}

export class WebhookPayloadDto {
  @ApiProperty({ format: 'uuid', description: 'The event id, sent as `webhook-id`' }) id!: string;
  @ApiProperty({ example: 'record.created' }) type!: string;
  @ApiProperty({ format: 'date-time' }) timestamp!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
}

export class DeliveryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) webhook_id!: string;
  @ApiProperty({ format: 'uuid' }) event_id!: string;
  @ApiProperty({ example: 'record.created' }) event_type!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: DeliveryState;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: 'integer', nullable: true }) last_status!: number | null;
  @ApiProperty({ type: 'string', nullable: true }) last_error!: string | null;
  @ApiProperty({ format: 'date-time' }) created_at!: string;
  @ApiProperty({ format: 'date-time' }) updated_at!: string;
  @ApiProperty({ type: WebhookPayloadDto }) payload!: WebhookPayloadDto;
  @ApiProperty({ type: [AttemptDto] }) attempt_log!: AttemptDto[];
}

export class DeliveryListMetaDto {
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ description: 'How many deliveries match' }) total!: number;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto] }) data!: DeliveryDto[];
  @ApiProperty({ type: DeliveryListMetaDto }) meta!: DeliveryListMetaDto;
}

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATES })
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  state?: DeliveryState;

  @LimitParam(DELIVERIES_LIMIT_MAX, DELIVERIES_LIMIT_DEFAULT)
  limit: number = DELIVERIES_LIMIT_DEFAULT;

  @OffsetParam()
  offset: number = 0;
}
