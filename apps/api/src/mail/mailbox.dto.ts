// Request and response shapes of /api/v1/mailbox, the development mailbox of captured email.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { COUNT, EMAIL, EMAIL_MAX_LENGTH, TIMESTAMP } from '../common/api-schemas.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const MAILBOX_LIMIT_DEFAULT = 20;
export const MAILBOX_LIMIT_MAX = 100;

/** Captured emails are numbered from 1 by the database. */
const MAIL_ID = { type: 'integer', format: 'int64', minimum: 1, maximum: Number.MAX_SAFE_INTEGER } as const;
const SUBJECT = { type: 'string', maxLength: 998 } as const;

export class ListMailboxQueryDto {
  @LimitParam(MAILBOX_LIMIT_MAX, MAILBOX_LIMIT_DEFAULT)
  limit: number = MAILBOX_LIMIT_DEFAULT;

  @OffsetParam()
  offset: number = 0;

  @ApiPropertyOptional({ ...EMAIL, description: 'Only messages to this address (any letter case)' })
  @IsOptional()
  @IsEmail()
  @MaxLength(EMAIL_MAX_LENGTH)
  to?: string;
}

export class MailIdParamDto {
  @ApiProperty({ ...MAIL_ID, description: 'The captured email id' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  id!: number;
}

export class CapturedEmailSummaryDto {
  @ApiProperty(MAIL_ID) id!: number;
  @ApiProperty({ ...EMAIL, description: 'The recipient' }) to!: string;
  @ApiProperty({ type: 'string', maxLength: 1000, description: 'The sender, as MAIL_FROM names it' }) from!: string;
  @ApiProperty(SUBJECT) subject!: string;
  @ApiProperty({ ...TIMESTAMP, description: 'When the worker captured it' }) created_at!: string;
}

export class CapturedEmailDto extends CapturedEmailSummaryDto {
  @ApiProperty({ type: 'string', maxLength: 1_000_000, description: 'The plain-text body' }) text!: string;
  @ApiProperty({
    type: 'string',
    maxLength: 1_000_000,
    nullable: true,
    description: 'The HTML body, when the message has one; show it sandboxed, never inline',
  })
  html!: string | null;
}

export class MailboxMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: MAILBOX_LIMIT_MAX }) limit!: number;
  @ApiProperty(COUNT) offset!: number;
  @ApiProperty({ ...COUNT, description: 'How many captured emails match' }) total!: number;
}

export class MailboxPageDto {
  @ApiProperty({ type: [CapturedEmailSummaryDto], maxItems: MAILBOX_LIMIT_MAX }) data!: CapturedEmailSummaryDto[];
  @ApiProperty({ type: MailboxMetaDto }) meta!: MailboxMetaDto;
}
