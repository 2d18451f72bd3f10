// Request and response shapes of /api/v1/webhooks and their deliveries. Optional body fields
// accept a value or absence; only `condition` may be null (no condition).

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { RecordAction } from '@stagecraft/events';
import {
  DELIVERY_STATES,
  SECRET_PREFIX,
  URL_MAX_LENGTH,
  WEBHOOK_ACTIONS,
  type DeliveryState,
} from '@stagecraft/webhooks';
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
import { COUNT, NAME, SMALL_COUNT, TIMESTAMP, UUID } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const DELIVERIES_LIMIT_DEFAULT = 20;
export const DELIVERIES_LIMIT_MAX = 100;
const MAX_COLLECTIONS = 200;
const NAME_MAX = 100;
/** A condition is a filter expression, capped like one. */
const CONDITION_MAX = 4096;
/** `whsec_` and base64 of at most 64 bytes (the service refuses longer secrets). */
const SECRET_MAX = SECRET_PREFIX.length + 88;
const SECRET = { pattern: '^whsec_[A-Za-z0-9+/]+={0,2}$', maxLength: SECRET_MAX } as const;
const COLLECTIONS = {
  type: 'array',
  items: NAME,
  maxItems: MAX_COLLECTIONS,
  description: 'Collection names; empty: every collection',
} as const;
const ACTIONS = { enum: WEBHOOK_ACTIONS, isArray: true, maxItems: WEBHOOK_ACTIONS.length } as const;
/** `record.created`, `record.updated`, `record.deleted` or `webhook.test`. */
const EVENT_TYPE = { example: 'record.created', pattern: '^[a-z]+\\.[a-z]+$', maxLength: 32 } as const;
const HTTP_STATUS = { type: 'integer', format: 'int32', minimum: 100, maximum: 599, nullable: true } as const;

const CONDITION_DESCRIPTION =
  'Only events whose record meets it are delivered (the record after the change; before it for deletes). ' +
  'The record filter language, checked against every listed collection when saved. Null: every event.';

export class CreateWebhookDto {
  @ApiProperty({ example: 'order sync', minLength: 1, maxLength: NAME_MAX })
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name!: string;

  @ApiProperty({ example: 'https://example.com/hooks/stagecraft', format: 'uri', maxLength: URL_MAX_LENGTH })
  @IsString()
  @MaxLength(URL_MAX_LENGTH)
  url!: string;

  @ApiPropertyOptional({ ...COLLECTIONS, example: ['orders'] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_COLLECTIONS)
  @IsString({ each: true })
  collections?: string[];

  @ApiPropertyOptional({ ...ACTIONS, default: WEBHOOK_ACTIONS })
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_ACTIONS.length)
  @IsIn(WEBHOOK_ACTIONS, { each: true })
  actions?: RecordAction[];

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    maxLength: CONDITION_MAX,
    example: 'total > 100',
    description: CONDITION_DESCRIPTION,
  })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(CONDITION_MAX)
  condition?: string | null;

  @ApiPropertyOptional({
    ...SECRET,
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
  @ApiPropertyOptional({ minLength: 1, maxLength: NAME_MAX })
  @Optional()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  name?: string;

  @ApiPropertyOptional({ format: 'uri', maxLength: URL_MAX_LENGTH })
  @Optional()
  @IsString()
  @MaxLength(URL_MAX_LENGTH)
  url?: string;

  @ApiPropertyOptional(COLLECTIONS)
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_COLLECTIONS)
  @IsString({ each: true })
  collections?: string[];

  @ApiPropertyOptional(ACTIONS)
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(WEBHOOK_ACTIONS.length)
  @IsIn(WEBHOOK_ACTIONS, { each: true })
  actions?: RecordAction[];

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: CONDITION_MAX, description: CONDITION_DESCRIPTION })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(CONDITION_MAX)
  condition?: string | null;

  @ApiPropertyOptional({ ...SECRET, description: 'A new signing secret, `whsec_` + base64 of 24 to 64 bytes' })
  @Optional()
  @IsString()
  secret?: string;

  @ApiPropertyOptional({ description: 'true turns the webhook on again and clears disabled_reason' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ maxLength: NAME_MAX }) name!: string;
  @ApiProperty({ format: 'uri', maxLength: URL_MAX_LENGTH }) url!: string;
  @ApiProperty({ ...COLLECTIONS, description: 'Empty: every collection' }) collections!: string[];
  @ApiProperty(ACTIONS) actions!: RecordAction[];
  @ApiProperty({ type: 'string', nullable: true, maxLength: CONDITION_MAX }) condition!: string | null;
  @ApiProperty({ ...SECRET, description: 'Signs every delivery (`webhook-signature`)' }) secret!: string;
  @ApiProperty() enabled!: boolean;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description: 'Why the webhook was turned off, e.g. the receiver answered 410 Gone',
  })
  disabled_reason!: string | null;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
}

export class WebhookListDto {
  @ApiProperty({ type: [WebhookDto] }) data!: WebhookDto[];
}

export class AttemptDto {
  @ApiProperty({ ...SMALL_COUNT, minimum: 1, description: '1 for the first try of the delivery' }) attempt!: number;
  @ApiProperty(TIMESTAMP) started_at!: string;
  @ApiProperty({
    ...SMALL_COUNT,
    nullable: true,
    description: 'Null while the try is in flight, or when its outcome was never recorded (`error` says `unknown: …`)',
  })
  duration_ms!: number | null;
  @ApiProperty({ ...HTTP_STATUS, description: 'The status the receiver answered; null without an answer' })
  response_status!: number | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 1024, description: 'The first 1 KB of the answer' })
  response_excerpt!: string | null;
  @ApiProperty({
    type: 'string',
    nullable: true,
    description:
      'Why no answer was received: `refused: …` (address not allowed), `timeout: …`, `network: …`, or ' +
      '`unknown: …` while the try is in flight or when the worker stopped before recording its outcome ' +
      '(the receiver may have got that request)',
  })
  error!: string | null;
}

export class WebhookPayloadDto {
  @ApiProperty({ ...UUID, description: 'The event id, sent as `webhook-id`' }) id!: string;
  @ApiProperty(EVENT_TYPE) type!: string;
  @ApiProperty(TIMESTAMP) timestamp!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
}

export class DeliveryDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(UUID) webhook_id!: string;
  @ApiProperty(UUID) event_id!: string;
  @ApiProperty(EVENT_TYPE) event_type!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: DeliveryState;
  @ApiProperty({ ...SMALL_COUNT, description: 'Tries so far, redeliveries included' }) attempts!: number;
  @ApiProperty(HTTP_STATUS) last_status!: number | null;
  @ApiProperty({ type: 'string', nullable: true }) last_error!: string | null;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
  @ApiProperty({ type: WebhookPayloadDto }) payload!: WebhookPayloadDto;
  @ApiProperty({ type: [AttemptDto] }) attempt_log!: AttemptDto[];
}

export class DeliveryListMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: DELIVERIES_LIMIT_MAX }) limit!: number;
  @ApiProperty(COUNT) offset!: number;
  @ApiProperty({ ...COUNT, description: 'How many deliveries match' }) total!: number;
}

export class DeliveryListDto {
  @ApiProperty({ type: [DeliveryDto], maxItems: DELIVERIES_LIMIT_MAX }) data!: DeliveryDto[];
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
