// Request and response shapes of /collections and /collections/{c}/fields, and the parts the
// /schema routes share (schema.dto.ts). Names, types and per-type options are validated by the
// schema engine, which reports every problem at once with its path (e.g. `fields[2].options.max`).

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CACHE_TTL_MAX_SECONDS, FIELD_TYPE_NAMES } from '@stagecraft/schema';
import { Type } from 'class-transformer';
import { COUNT, NAME, UUID } from '../common/api-schemas.js';
import { Optional } from '../common/optional.js';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

/** Rules are expressions of the filter language, capped like a filter. */
const RULE_MAX = 4096;
const LABEL_MAX = 200;
const DESCRIPTION_MAX = 2000;
/** The most fields one request may list (a create or a replace). */
const FIELDS_MAX = 500;
const POSITION_MAX = 2_147_483_647;
const RULE = { type: 'string', nullable: true, maxLength: RULE_MAX } as const;
const NAME_CHECKED = { ...NAME, description: 'Checked by the schema engine: a letter, then letters, digits or _' };

export class RulesDto {
  @ApiPropertyOptional({ ...RULE, description: 'null: admins only; "": anyone; else an expression' })
  @IsOptional()
  @IsString()
  @MaxLength(RULE_MAX)
  list?: string | null;
  @ApiPropertyOptional(RULE) @IsOptional() @IsString() @MaxLength(RULE_MAX) view?: string | null;
  @ApiPropertyOptional(RULE) @IsOptional() @IsString() @MaxLength(RULE_MAX) create?: string | null;
  @ApiPropertyOptional(RULE) @IsOptional() @IsString() @MaxLength(RULE_MAX) update?: string | null;
  @ApiPropertyOptional(RULE) @IsOptional() @IsString() @MaxLength(RULE_MAX) delete?: string | null;
}

export class CacheSettingsDto {
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 1,
    maximum: CACHE_TTL_MAX_SECONDS,
    example: 60,
    description: 'Seconds an answer is kept at most; any committed change to the data it read ends it at once',
  })
  @IsInt()
  @Min(1)
  @Max(CACHE_TTL_MAX_SECONDS)
  ttl!: number;
}

const CACHE_PROPERTY = {
  type: CacheSettingsDto,
  nullable: true,
  description:
    'Response caching of list and get in Redis (see docs/caching.md); null: off. Answers carry X-Cache: hit, miss or bypass',
} as const;

export class FieldInputDto {
  @ApiProperty({ ...NAME_CHECKED, example: 'title' })
  @IsString()
  name!: string;

  @ApiProperty({ enum: FIELD_TYPE_NAMES, example: 'text' })
  @IsString()
  type!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { required: true, maxLength: 200 },
    description:
      'Per type: required, unique, indexed, default, min, max, minLength, maxLength, pattern, hidden, readOnly, values (select), precision/scale (number), kind/target/onDelete/via (relation)',
  })
  @Optional()
  @IsObject()
  options?: Record<string, unknown>;

  @ApiPropertyOptional({
    type: 'integer',
    format: 'int32',
    minimum: 0,
    maximum: POSITION_MAX,
    description: 'Where to place the field; defaults to last',
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(POSITION_MAX)
  position?: number;
}

export class FieldChangesDto {
  @ApiPropertyOptional({ ...NAME_CHECKED, description: 'A new name: the column is renamed, data kept' })
  @Optional()
  @IsString()
  name?: string;

  @ApiPropertyOptional({
    enum: FIELD_TYPE_NAMES,
    description: 'A new type: only where a cast is defined and every value converts',
  })
  @Optional()
  @IsString()
  type?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'Replaces the options' })
  @Optional()
  @IsObject()
  options?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 0, maximum: POSITION_MAX })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(POSITION_MAX)
  position?: number;
}

export class CreateCollectionDto {
  @ApiProperty({ ...NAME_CHECKED, example: 'posts' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 'Posts', maxLength: LABEL_MAX })
  @Optional()
  @IsString()
  @MaxLength(LABEL_MAX)
  label?: string;
  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX })
  @Optional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ type: RulesDto, description: 'Defaults to admins only for every action' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @ApiPropertyOptional({ ...CACHE_PROPERTY, description: `${CACHE_PROPERTY.description}; left out: off` })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsDto)
  cache?: CacheSettingsDto | null;

  @ApiPropertyOptional({ type: [FieldInputDto], maxItems: FIELDS_MAX })
  @Optional()
  @IsArray()
  @ArrayMaxSize(FIELDS_MAX)
  @ValidateNested({ each: true })
  @Type(() => FieldInputDto)
  fields?: FieldInputDto[];
}

export class UpdateCollectionDto {
  @ApiPropertyOptional({ ...NAME_CHECKED, description: 'A new name: the table is renamed, data kept' })
  @Optional()
  @IsString()
  name?: string;
  @ApiPropertyOptional({ maxLength: LABEL_MAX }) @Optional() @IsString() @MaxLength(LABEL_MAX) label?: string;
  @ApiPropertyOptional({ maxLength: DESCRIPTION_MAX })
  @Optional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;
  @ApiPropertyOptional({ type: RulesDto, description: 'Only the actions given change' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @ApiPropertyOptional({ ...CACHE_PROPERTY, description: `${CACHE_PROPERTY.description}; left out: unchanged` })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsDto)
  cache?: CacheSettingsDto | null;
}

export class ReplaceFieldDto {
  @ApiPropertyOptional({
    format: 'uuid',
    maxLength: 64,
    description:
      'An existing field: it keeps its data (renamed, retyped or with new options). Leave out for a new field',
  })
  @Optional()
  @IsString()
  @MaxLength(64)
  id?: string;

  @ApiProperty({ ...NAME_CHECKED, example: 'title' })
  @IsString()
  name!: string;

  @ApiProperty({ enum: FIELD_TYPE_NAMES, example: 'text' })
  @IsString()
  type!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { required: true, maxLength: 200 },
    description: 'The whole options of the field (as for POST …/fields); left out: none',
  })
  @Optional()
  @IsObject()
  options?: Record<string, unknown>;
}

export class ReplaceCollectionDto {
  @ApiPropertyOptional({ description: 'Left out: unchanged', maxLength: LABEL_MAX })
  @Optional()
  @IsString()
  @MaxLength(LABEL_MAX)
  label?: string;
  @ApiPropertyOptional({ description: 'Left out: unchanged', maxLength: DESCRIPTION_MAX })
  @Optional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX)
  description?: string;

  @ApiPropertyOptional({ type: RulesDto, description: 'Only the actions given change' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @ApiPropertyOptional({ ...CACHE_PROPERTY, description: `${CACHE_PROPERTY.description}; left out: unchanged` })
  @IsOptional()
  @ValidateNested()
  @Type(() => CacheSettingsDto)
  cache?: CacheSettingsDto | null;

  @ApiProperty({
    type: [ReplaceFieldDto],
    maxItems: FIELDS_MAX,
    description: 'Every field, in the wanted order; an existing field left out is dropped (with its data)',
  })
  @IsArray()
  @ArrayMaxSize(FIELDS_MAX)
  @ValidateNested({ each: true })
  @Type(() => ReplaceFieldDto)
  fields!: ReplaceFieldDto[];

  @ApiPropertyOptional({ description: 'Required when the plan drops fields or converts values lossily' })
  @Optional()
  @IsBoolean()
  allow_destructive?: boolean;
}

export class FieldOrderDto {
  @ApiProperty({
    type: 'array',
    items: NAME,
    maxItems: FIELDS_MAX,
    description: 'Every field name of the collection, in the new order',
  })
  @IsArray()
  @ArrayMaxSize(FIELDS_MAX)
  @IsString({ each: true })
  order!: string[];
}

export class DryRunQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Plan and check the change, return the SQL, apply nothing',
  })
  @Optional()
  @IsIn(['true', 'false'])
  dry_run?: 'true' | 'false';
}

export class PlannedActionDto {
  @ApiProperty({ example: 'add_column', pattern: '^[a-z_]+$', maxLength: 32 }) type!: string;
  @ApiProperty({ example: 'add field "title" to "posts"' }) description!: string;
  @ApiProperty() destructive!: boolean;
  @ApiProperty({ example: 'ALTER TABLE "data"."posts" ADD COLUMN "title" text' }) sql!: string;
}

export class RewrittenReferenceDto {
  @ApiProperty({
    example: 'rule',
    pattern: '^[a-z_]+$',
    maxLength: 32,
    description: 'What holds it: rule, webhook_condition',
  })
  kind!: string;
  @ApiProperty({ example: 'list rule of "posts"', maxLength: 200 }) label!: string;
  @ApiProperty({ example: 'published = true', maxLength: RULE_MAX, description: 'The expression before the change' })
  from!: string;
  @ApiProperty({
    example: 'is_public = true',
    maxLength: RULE_MAX,
    description: 'The same expression with the new names',
  })
  to!: string;
}

export class ChangeMetaDto {
  @ApiProperty() dry_run!: boolean;
  @ApiProperty({
    ...COUNT,
    minimum: 1,
    nullable: true,
    description: 'The schema version after the change; null when nothing was applied',
  })
  version!: number | null;
  @ApiProperty({ type: [PlannedActionDto], description: 'What the change runs (or would run), in order' })
  actions!: PlannedActionDto[];
  @ApiProperty({
    type: [RewrittenReferenceDto],
    description:
      'Rules and webhook conditions rewritten (or, with ?dry_run=true, to be rewritten) in the same transaction to follow renamed fields',
  })
  rewritten!: RewrittenReferenceDto[];
}

export class CollectionRulesDto {
  @ApiProperty({ ...RULE, description: 'null: admins only; "": anyone; else an expression' }) list!: string | null;
  @ApiProperty(RULE) view!: string | null;
  @ApiProperty(RULE) create!: string | null;
  @ApiProperty(RULE) update!: string | null;
  @ApiProperty(RULE) delete!: string | null;
}

export class FieldDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(NAME) name!: string;
  @ApiProperty({ enum: FIELD_TYPE_NAMES }) type!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The options of the type (see POST …/fields); absent ones are not set',
  })
  options!: Record<string, unknown>;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: POSITION_MAX }) position!: number;
  @ApiProperty({ description: 'Built in (the system fields of users); cannot be changed or dropped' }) system!: boolean;
}

export class CollectionDto {
  @ApiProperty(UUID) id!: string;
  @ApiProperty(NAME) name!: string;
  @ApiProperty({ maxLength: LABEL_MAX }) label!: string;
  @ApiProperty({ maxLength: DESCRIPTION_MAX }) description!: string;
  @ApiProperty({ description: 'Built in (users): its system fields cannot be changed' }) system!: boolean;
  @ApiProperty({ type: CollectionRulesDto }) rules!: CollectionRulesDto;
  @ApiProperty(CACHE_PROPERTY) cache!: CacheSettingsDto | null;
  @ApiProperty({ type: [FieldDto], description: 'In display order' }) fields!: FieldDto[];
}

export class CollectionResponseDto {
  @ApiProperty({ type: CollectionDto }) data!: CollectionDto;
}

export class CollectionListDto {
  @ApiProperty({ type: [CollectionDto], description: 'Every collection, users included' }) data!: CollectionDto[];
}

export class CollectionChangeDto {
  @ApiProperty({ type: CollectionDto, description: 'The collection as it is (or, on a dry run, would be) after' })
  data!: CollectionDto;
  @ApiProperty({ type: ChangeMetaDto }) meta!: ChangeMetaDto;
}

export class FieldChangeDto {
  @ApiProperty({ type: FieldDto, description: 'The field as it is (or, on a dry run, would be) after' })
  data!: FieldDto;
  @ApiProperty({ type: ChangeMetaDto }) meta!: ChangeMetaDto;
}

export class PlanOnlyChangeDto {
  @ApiProperty({ type: 'null', description: 'Nothing to return: see `meta`' }) data!: null;
  @ApiProperty({ type: ChangeMetaDto }) meta!: ChangeMetaDto;
}
