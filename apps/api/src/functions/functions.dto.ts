// Request and response shapes of /api/v1/functions, their versions, invocations and secrets.
// Limits that depend on the configuration (timeout, memory) are checked by the service.

import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  FUNCTION_LANGUAGES,
  FUNCTION_NAME,
  INVOCATION_OUTCOMES,
  RECORD_ACTIONS,
  TRIGGERS_PER_KIND_MAX,
  type RecordAction,
  SECRET_NAME,
  SECRET_VALUE_MAX,
  TRIGGER_KINDS,
  type FunctionLanguage,
  type StoredOutcome,
  type TriggerKind,
} from '@stagecraft/functions';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsBooleanString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { COUNT, SMALL_COUNT, TIMESTAMP, UUID } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';
import { LimitParam, OffsetParam } from '../common/pagination.js';

export const INVOCATIONS_LIMIT_DEFAULT = 20;
export const INVOCATIONS_LIMIT_MAX = 100;
/** 256 KiB of source: far more than a function needs, small enough to compile at once. */
export const SOURCE_MAX = 262_144;
const DESCRIPTION_MAX = 1000;
const RULE_MAX = 4096;
const LIST_MAX = 50;
const HOST_MAX = 253;

const NAME_SCHEMA = { type: 'string', pattern: FUNCTION_NAME.source, maxLength: 63, example: 'checkout' } as const;
const SECRET_NAME_SCHEMA = {
  type: 'string',
  pattern: SECRET_NAME.source,
  maxLength: 64,
  example: 'SLACK_TOKEN',
} as const;
const LANGUAGE = {
  enum: FUNCTION_LANGUAGES,
  description: 'How `source` is read: TypeScript (types are stripped, not checked) or JavaScript',
} as const;
const SOURCE = {
  maxLength: SOURCE_MAX,
  description:
    'One module whose default export is `async (ctx) => result`. It cannot import anything; compile errors ' +
    'answer 400 with `compile_errors` (file, line, column)',
  example: "export default async (ctx) => ({ hello: ctx.caller?.id ?? 'anonymous' })",
} as const;
const RULE_DESCRIPTION =
  'Who may call `/functions/{name}/invoke`: null admins only, "" anyone (signed in or not), or an expression ' +
  'on `@request.auth.id`, `@request.auth.role`, `@request.auth.aal` and `@now`';

export class HttpTriggerDto {
  @ApiProperty({ type: 'string', nullable: true, maxLength: RULE_MAX, description: RULE_DESCRIPTION, example: '' })
  @ValidateIf((_object: unknown, value: unknown) => value !== null)
  @IsString()
  @MaxLength(RULE_MAX)
  rule!: string | null;
}

const ACTIONS: ApiPropertyOptions = {
  type: 'array',
  items: { type: 'string', enum: [...RECORD_ACTIONS] },
  minItems: 1,
  maxItems: RECORD_ACTIONS.length,
  uniqueItems: true,
};
const COLLECTION_NAME = { type: 'string', maxLength: 63, example: 'orders' } as const;

export class EventTriggerDto {
  @ApiProperty({ ...COLLECTION_NAME, description: 'The collection whose record changes run the function' })
  @IsString()
  @MaxLength(63)
  collection!: string;

  @ApiProperty({ ...ACTIONS, description: 'Which committed changes run it' })
  @IsArray()
  @ArrayMaxSize(RECORD_ACTIONS.length)
  @IsIn(RECORD_ACTIONS, { each: true })
  on!: RecordAction[];

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    maxLength: RULE_MAX,
    description:
      'A filter (the records filter language) the record must meet; for a delete, the record as it was. ' +
      'Null or absent: every change',
    example: "status = 'paid'",
  })
  @Optional()
  @ValidateIf((_object: unknown, value: unknown) => value !== null)
  @IsString()
  @MaxLength(RULE_MAX)
  condition?: string | null;
}

export class BeforeWriteTriggerDto {
  @ApiProperty({ ...COLLECTION_NAME, description: 'The collection whose writes the function checks first' })
  @IsString()
  @MaxLength(63)
  collection!: string;

  @ApiProperty({ ...ACTIONS, description: 'Which writes it runs before' })
  @IsArray()
  @ArrayMaxSize(RECORD_ACTIONS.length)
  @IsIn(RECORD_ACTIONS, { each: true })
  on!: RecordAction[];
}

export class ScheduleTriggerDto {
  @ApiProperty({
    maxLength: 200,
    description: 'A cron pattern: five fields (minute hour day month weekday), or six with seconds first',
    example: '0 3 * * *',
  })
  @IsString()
  @MaxLength(200)
  cron!: string;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    maxLength: 64,
    description: 'The IANA time zone the pattern is read in; null or absent: UTC',
    example: 'Europe/Paris',
  })
  @Optional()
  @ValidateIf((_object: unknown, value: unknown) => value !== null)
  @IsString()
  @MaxLength(64)
  timezone?: string | null;
}

export class TriggersDto {
  @ApiPropertyOptional({ type: HttpTriggerDto, description: 'Absent: the function has no HTTP route' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => HttpTriggerDto)
  http?: HttpTriggerDto;

  @ApiPropertyOptional({
    type: [EventTriggerDto],
    maxItems: TRIGGERS_PER_KIND_MAX,
    description:
      'Run by the worker after each matching committed change, with `ctx.event` (its id is the idempotency key); ' +
      'retried with backoff, then dead-lettered',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(TRIGGERS_PER_KIND_MAX)
  @ValidateNested({ each: true })
  @Type(() => EventTriggerDto)
  events?: EventTriggerDto[];

  @ApiPropertyOptional({
    type: [BeforeWriteTriggerDto],
    maxItems: TRIGGERS_PER_KIND_MAX,
    description:
      "Run on the API inside the write's transaction (FUNCTIONS_HOOK_TIMEOUT_MS): it may reject the write " +
      '(`ctx.reject`) or return the values to write instead',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(TRIGGERS_PER_KIND_MAX)
  @ValidateNested({ each: true })
  @Type(() => BeforeWriteTriggerDto)
  before_write?: BeforeWriteTriggerDto[];

  @ApiPropertyOptional({ type: ScheduleTriggerDto, description: 'Run once per tick across all workers' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ScheduleTriggerDto)
  schedule?: ScheduleTriggerDto;
}

export class SettingsInputDto {
  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 10,
    maximum: 900_000,
    default: 5000,
    description: 'Wall time per invocation, `ctx` calls included; at most FUNCTIONS_MAX_TIMEOUT_MS',
  })
  @Optional()
  @IsInt()
  timeout_ms?: number;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 8,
    maximum: 4096,
    default: 64,
    description: "The isolate's heap limit in MB; at most FUNCTIONS_MAX_MEMORY_MB",
  })
  @Optional()
  @IsInt()
  memory_mb?: number;

  @ApiPropertyOptional({
    type: 'array',
    items: SECRET_NAME_SCHEMA,
    maxItems: LIST_MAX,
    description: 'Secrets `ctx.secrets.get` may read',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  secrets?: string[];

  @ApiPropertyOptional({ default: false, description: '`ctx.records` with admin rights instead of the caller’s' })
  @Optional()
  @IsBoolean()
  run_as_admin?: boolean;

  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'string', maxLength: HOST_MAX, example: 'hooks.slack.com' },
    maxItems: LIST_MAX,
    description: 'Hosts `ctx.fetch` may reach: exact names, or `*.example.com` for subdomains',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(LIST_MAX)
  @IsString({ each: true })
  @MaxLength(HOST_MAX, { each: true })
  allowed_hosts?: string[];
}

export class CreateFunctionDto {
  @ApiProperty(NAME_SCHEMA)
  @IsString()
  @MaxLength(63)
  name!: string;

  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional({ ...LANGUAGE, default: 'typescript' })
  @Optional()
  @IsIn(FUNCTION_LANGUAGES)
  language?: FunctionLanguage;

  @ApiProperty(SOURCE)
  @IsString()
  @MaxLength(SOURCE_MAX)
  source!: string;

  @ApiPropertyOptional({ type: TriggersDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => TriggersDto)
  triggers?: TriggersDto;

  @ApiPropertyOptional({ type: SettingsInputDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => SettingsInputDto)
  settings?: SettingsInputDto;
}

export class UpdateFunctionDto {
  @ApiPropertyOptional({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX })
  @ValidateIf((_object: unknown, value: unknown) => value !== undefined && value !== null)
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string | null;

  @ApiPropertyOptional(LANGUAGE)
  @Optional()
  @IsIn(FUNCTION_LANGUAGES)
  language?: FunctionLanguage;

  @ApiPropertyOptional({ ...SOURCE, description: `${SOURCE.description}. A new source is a new version` })
  @Optional()
  @IsString()
  @MaxLength(SOURCE_MAX)
  source?: string;

  @ApiPropertyOptional({ type: TriggersDto, description: 'Replaces the triggers' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => TriggersDto)
  triggers?: TriggersDto;

  @ApiPropertyOptional({ type: SettingsInputDto, description: 'Only the settings given change' })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => SettingsInputDto)
  settings?: SettingsInputDto;
}

export class SettingsDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 10, maximum: 900_000 }) timeout_ms!: number;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 8, maximum: 4096 }) memory_mb!: number;
  @ApiProperty({ type: 'array', items: SECRET_NAME_SCHEMA, maxItems: LIST_MAX }) secrets!: string[];
  @ApiProperty() run_as_admin!: boolean;
  @ApiProperty({ type: 'array', items: { type: 'string', maxLength: HOST_MAX }, maxItems: LIST_MAX })
  allowed_hosts!: string[];
}

export class VersionDto {
  @ApiProperty({ ...SMALL_COUNT, minimum: 1, description: '1 for the first deploy' }) number!: number;
  @ApiProperty(LANGUAGE) language!: FunctionLanguage;
  @ApiProperty({ maxLength: SOURCE_MAX }) source!: string;
  @ApiProperty({ ...SMALL_COUNT, nullable: true, description: 'The version this deploy restored, if it was a restore' })
  restored_from!: number | null;
  @ApiProperty(TIMESTAMP) created_at!: string;
}

export class VersionListDto {
  @ApiProperty({ type: [VersionDto], description: 'Newest first' }) data!: VersionDto[];
}

export class FunctionDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(NAME_SCHEMA) name!: string;
  @ApiProperty({ type: 'string', nullable: true, maxLength: DESCRIPTION_MAX }) description!: string | null;
  @ApiProperty({ type: TriggersDto }) triggers!: TriggersDto;
  @ApiProperty({ type: SettingsDto }) settings!: SettingsDto;
  @ApiProperty({ type: VersionDto, description: 'The deployed version' }) version!: VersionDto;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
}

export class FunctionListDto {
  @ApiProperty({ type: [FunctionDto], description: 'By name' }) data!: FunctionDto[];
}

export class TestInvocationDto {
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'What the function sees as `ctx.request` (method, path, query, headers, body)',
  })
  @Optional()
  @IsObject()
  request?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'What the function sees as `ctx.event`, as an event or before-write trigger would give it',
  })
  @Optional()
  @IsObject()
  event?: Record<string, unknown>;
}

export class ErrorDto {
  @ApiProperty({ maxLength: 200 }) name!: string;
  @ApiProperty({ maxLength: 10_000 }) message!: string;
  @ApiPropertyOptional({ maxLength: 20_000 }) stack?: string;
}

export class LogLineDto {
  @ApiProperty({ enum: ['debug', 'info', 'warn', 'error'] }) level!: string;
  @ApiProperty({ maxLength: 2001 }) message!: string;
  @ApiProperty({ ...SMALL_COUNT, description: 'Milliseconds since the invocation started' }) at!: number;
}

export class InvocationDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty({ ...SMALL_COUNT, minimum: 1, description: 'The version that ran' }) version!: number;
  @ApiProperty({ enum: TRIGGER_KINDS }) trigger!: TriggerKind;
  @ApiProperty({
    enum: INVOCATION_OUTCOMES,
    description:
      'ok; rejected (it called `ctx.reject`); error (it threw); timeout; memory (over memory_mb); crashed (its ' +
      'sandbox process stopped); refused',
  })
  outcome!: StoredOutcome;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 100, maximum: 599, nullable: true })
  status!: number | null;
  @ApiProperty({ type: 'number', minimum: 0 }) duration_ms!: number;
  @ApiProperty({ type: 'number', minimum: 0 }) cpu_ms!: number;
  @ApiProperty({ ...COUNT, description: "The isolate's used heap after the run" }) memory_bytes!: number;
  @ApiProperty({ description: 'Whether a new isolate was started for it' }) cold!: boolean;
  @ApiProperty({ type: ErrorDto, nullable: true }) error!: ErrorDto | null;
  @ApiProperty({ type: [LogLineDto], maxItems: 200 }) logs!: LogLineDto[];
  @ApiProperty({ ...SMALL_COUNT, description: 'Log lines beyond the 200 kept' }) logs_dropped!: number;
  @ApiProperty({ ...UUID, nullable: true, description: 'The signed-in user who called it' }) caller_id!: string | null;
  @ApiProperty({ type: 'string', nullable: true, maxLength: 128 }) request_id!: string | null;
  @ApiProperty({ ...UUID, nullable: true, description: 'Event runs: the record event, their idempotency key' })
  event_id!: string | null;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: 100,
    nullable: true,
    description: 'Event runs: which try this was',
  })
  attempt!: number | null;
  @ApiProperty({ description: 'An event run whose last try failed: it will not be retried' })
  dead_lettered!: boolean;
  @ApiProperty(TIMESTAMP) created_at!: string;
}

export class TestResultDto extends InvocationDto {
  @ApiProperty({ nullable: true, description: 'What the function returned (null when it failed)' })
  result!: unknown;
}

export class InvocationListMetaDto {
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1, maximum: INVOCATIONS_LIMIT_MAX }) limit!: number;
  @ApiProperty(COUNT) offset!: number;
  @ApiProperty({ ...COUNT, description: 'How many invocations match' }) total!: number;
}

export class InvocationListDto {
  @ApiProperty({ type: [InvocationDto], maxItems: INVOCATIONS_LIMIT_MAX }) data!: InvocationDto[];
  @ApiProperty({ type: InvocationListMetaDto }) meta!: InvocationListMetaDto;
}

export class ListInvocationsQueryDto {
  @ApiPropertyOptional({ enum: INVOCATION_OUTCOMES })
  @IsOptional()
  @IsIn(INVOCATION_OUTCOMES)
  outcome?: StoredOutcome;

  @ApiPropertyOptional({ enum: TRIGGER_KINDS })
  @IsOptional()
  @IsIn(TRIGGER_KINDS)
  trigger?: TriggerKind;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only dead-lettered event runs (true), or none of them (false)',
  })
  @IsOptional()
  @IsBooleanString()
  dead_lettered?: 'true' | 'false';

  @LimitParam(INVOCATIONS_LIMIT_MAX, INVOCATIONS_LIMIT_DEFAULT)
  limit: number = INVOCATIONS_LIMIT_DEFAULT;

  @OffsetParam()
  offset: number = 0;
}

export class SetSecretDto {
  @ApiProperty({ maxLength: SECRET_VALUE_MAX, description: 'The value; stored encrypted, never returned' })
  @IsString()
  @MaxLength(SECRET_VALUE_MAX)
  value!: string;
}

export class SecretDto {
  @ApiProperty(SECRET_NAME_SCHEMA) name!: string;
  @ApiProperty(TIMESTAMP) created_at!: string;
  @ApiProperty(TIMESTAMP) updated_at!: string;
}

export class SecretListDto {
  @ApiProperty({ type: [SecretDto], description: 'By name; values are never returned' }) data!: SecretDto[];
}
