// Request and response shapes of /collections, /collections/{c}/fields and /schema. Names,
// types and per-type options are validated by the schema engine, which reports every
// problem at once with its path (e.g. `fields[2].options.max`).

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_TYPE_NAMES } from '@stagecraft/schema';
import { Type } from 'class-transformer';
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
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export class RulesDto {
  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: 'null: admins only; "": anyone; else an expression',
  })
  @IsOptional()
  @IsString()
  @MaxLength(4096)
  list?: string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(4096) view?:
    string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(4096) create?:
    string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(4096) update?:
    string | null;
  @ApiPropertyOptional({ type: 'string', nullable: true }) @IsOptional() @IsString() @MaxLength(4096) delete?:
    string | null;
}

export class FieldInputDto {
  @ApiProperty({ example: 'title', pattern: '^[a-z][a-z0-9_]{0,62}$' })
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

  @ApiPropertyOptional({ minimum: 0, description: 'Where to place the field; defaults to last' })
  @Optional()
  @IsInt()
  @Min(0)
  position?: number;
}

export class FieldChangesDto {
  @ApiPropertyOptional({ description: 'A new name: the column is renamed, data kept' })
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

  @ApiPropertyOptional({ minimum: 0 })
  @Optional()
  @IsInt()
  @Min(0)
  position?: number;
}

export class CreateCollectionDto {
  @ApiProperty({ example: 'posts', pattern: '^[a-z][a-z0-9_]{0,62}$' })
  @IsString()
  name!: string;

  @ApiPropertyOptional({ example: 'Posts' }) @Optional() @IsString() @MaxLength(200) label?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) description?: string;

  @ApiPropertyOptional({ type: RulesDto, description: 'Defaults to admins only for every action' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @ApiPropertyOptional({ type: [FieldInputDto] })
  @Optional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => FieldInputDto)
  fields?: FieldInputDto[];
}

export class UpdateCollectionDto {
  @ApiPropertyOptional({ description: 'A new name: the table is renamed, data kept' })
  @Optional()
  @IsString()
  name?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(200) label?: string;
  @ApiPropertyOptional() @Optional() @IsString() @MaxLength(2000) description?: string;
  @ApiPropertyOptional({ type: RulesDto, description: 'Only the actions given change' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;
}

export class ReplaceFieldDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'An existing field: it keeps its data (renamed, retyped or with new options). Leave out for a new field',
  })
  @Optional()
  @IsString()
  @MaxLength(64)
  id?: string;

  @ApiProperty({ example: 'title', pattern: '^[a-z][a-z0-9_]{0,62}$' })
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
  @ApiPropertyOptional({ description: 'Left out: unchanged' }) @Optional() @IsString() @MaxLength(200) label?: string;
  @ApiPropertyOptional({ description: 'Left out: unchanged' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ type: RulesDto, description: 'Only the actions given change' })
  @Optional()
  @ValidateNested()
  @Type(() => RulesDto)
  rules?: RulesDto;

  @ApiProperty({
    type: [ReplaceFieldDto],
    description: 'Every field, in the wanted order; an existing field left out is dropped (with its data)',
  })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReplaceFieldDto)
  fields!: ReplaceFieldDto[];

  @ApiPropertyOptional({ description: 'Required when the plan drops fields or converts values lossily' })
  @Optional()
  @IsBoolean()
  allow_destructive?: boolean;
}

export class FieldOrderDto {
  @ApiProperty({ type: [String], description: 'Every field name of the collection, in the new order' })
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  order!: string[];
}

export class DryRunQuery {
  @ApiPropertyOptional({ description: 'Plan and check the change, return the SQL, apply nothing' })
  @Optional()
  @IsIn(['true', 'false'])
  dry_run?: 'true' | 'false';
}

export class SchemaDocumentDto {
  @ApiProperty({ enum: [1] }) @IsIn([1]) format!: 1;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'As returned by GET /schema/snapshot',
  })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsObject({ each: true })
  collections!: Record<string, unknown>[];
}

export class ApplySchemaDto extends SchemaDocumentDto {
  @ApiPropertyOptional({ description: 'Required when the plan drops tables, columns or values' })
  @Optional()
  @IsBoolean()
  allow_destructive?: boolean;
}

export class PlannedActionDto {
  @ApiProperty({ example: 'add_column' }) type!: string;
  @ApiProperty({ example: 'add field "title" to "posts"' }) description!: string;
  @ApiProperty() destructive!: boolean;
  @ApiProperty({ example: 'ALTER TABLE "data"."posts" ADD COLUMN "title" text' }) sql!: string;
}

export class ChangeMetaDto {
  @ApiProperty() dry_run!: boolean;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The schema version after the change; null when nothing was applied',
  })
  version!: number | null;
  @ApiProperty({ type: [PlannedActionDto] }) actions!: PlannedActionDto[];
}
