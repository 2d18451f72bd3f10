// Request and response shapes of /schema: a schema document (the collections, and the functions
// when it lists them), and the plan of a diff or an apply, the functions' actions beside the
// collections'. The engines check every part in depth and report each problem with its path.

import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import {
  FUNCTION_ACTION_TYPES,
  FUNCTION_NAME,
  FUNCTION_PARTS,
  type FunctionActionType,
  type FunctionPart,
} from '@stagecraft/functions';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsObject, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional.js';
import { CreateFunctionDto, FunctionDto, VersionDto } from '../functions/functions.dto.js';
import { ChangeMetaDto, CollectionDto } from './collections.dto.js';

/** The most collections a schema document may hold. */
const SCHEMA_COLLECTIONS_MAX = 1000;
/** The most functions a schema document may hold. */
const SCHEMA_FUNCTIONS_MAX = 1000;

/** One function of a document: as POST /functions takes it, optional parts taking their defaults. */
export class FunctionDocumentInputDto extends CreateFunctionDto {}

export class SchemaDocumentDto {
  @ApiProperty({ enum: [1] }) @IsIn([1]) format!: 1;

  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    maxItems: SCHEMA_COLLECTIONS_MAX,
    description: 'As returned by GET /schema/snapshot',
  })
  @IsArray()
  @ArrayMaxSize(SCHEMA_COLLECTIONS_MAX)
  @IsObject({ each: true })
  collections!: Record<string, unknown>[];

  @ApiPropertyOptional({
    type: [FunctionDocumentInputDto],
    maxItems: SCHEMA_FUNCTIONS_MAX,
    description:
      'The functions the instance should have, by name: new ones are created, changed ones updated (a new ' +
      'source or language deploys a new version) and, with allow_destructive, ones not listed are deleted. ' +
      'Absent: functions are left as they are',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(SCHEMA_FUNCTIONS_MAX)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => FunctionDocumentInputDto)
  functions?: FunctionDocumentInputDto[];
}

export class ApplySchemaDto extends SchemaDocumentDto {
  @ApiPropertyOptional({
    description: 'Required when the plan drops tables, columns or values, or deletes functions',
  })
  @Optional()
  @IsBoolean()
  allow_destructive?: boolean;
}

/** A function in a snapshot: its deployed source, triggers and settings; no ids, versions or secret values. */
export class FunctionDocumentDto extends IntersectionType(
  PickType(FunctionDto, ['name', 'description', 'triggers', 'settings'] as const),
  PickType(VersionDto, ['language', 'source'] as const),
) {}

export class SchemaSnapshotDto {
  @ApiProperty({ enum: [1], description: 'The document format' }) format!: 1;
  @ApiProperty({ type: [CollectionDto], description: 'Every collection, sorted by name' })
  collections!: CollectionDto[];
  @ApiProperty({
    type: [FunctionDocumentDto],
    description:
      'Every function, sorted by name, with its deployed source. `settings.secrets` names the secrets it may ' +
      'read; their values are not part of a snapshot: set them in each instance (PUT /function-secrets/{name})',
  })
  functions!: FunctionDocumentDto[];
}

export class FunctionActionDto {
  @ApiProperty({
    enum: FUNCTION_ACTION_TYPES,
    description: 'create (deploys version 1), update, or delete (with its versions and invocation log)',
  })
  type!: FunctionActionType;
  @ApiProperty({ type: 'string', pattern: FUNCTION_NAME.source, maxLength: 63, example: 'notify' }) name!: string;
  @ApiProperty({
    type: 'array',
    items: { type: 'string', enum: [...FUNCTION_PARTS] },
    maxItems: FUNCTION_PARTS.length,
    uniqueItems: true,
    description: 'The parts that change: every part for a create, none for a delete',
    example: ['source', 'triggers'],
  })
  changes!: FunctionPart[];
  @ApiProperty({ description: 'Whether a new version is deployed: a create, or a new source or language' })
  new_version!: boolean;
  @ApiProperty({ description: 'A delete: it needs allow_destructive' }) destructive!: boolean;
  @ApiProperty({
    maxLength: 200,
    example: 'update function "notify": source, triggers (deploys a new version)',
  })
  description!: string;
}

export class SchemaPlanMetaDto extends ChangeMetaDto {
  @ApiProperty({
    type: [FunctionActionDto],
    description:
      'What the functions need (or, with ?dry_run=true and on a diff, would need), in the order it runs: after ' +
      'the collections. Empty when the document has no `functions`',
  })
  functions!: FunctionActionDto[];
}

export class SchemaPlanDto {
  @ApiProperty({ type: 'null', description: 'Nothing to return: see `meta`' }) data!: null;
  @ApiProperty({ type: SchemaPlanMetaDto }) meta!: SchemaPlanMetaDto;
}
