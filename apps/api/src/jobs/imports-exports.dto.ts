// Request shapes of imports (query options; the file is the body) and exports (a JSON body
// with the format and the records API's filter, sort and fields).

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EXPORT_FORMATS, IMPORT_FORMATS, IMPORT_MODES, type ExportFormat } from '@stagecraft/transfer';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../common/optional.js';

/** As long as a filter may be in a query string. */
const EXPRESSION_MAX = 4096;

export class ImportQueryDto {
  @ApiPropertyOptional({
    enum: IMPORT_FORMATS,
    description: 'Default: from the content type (or the multipart file’s type, then its extension)',
  })
  @Optional()
  @IsIn(IMPORT_FORMATS)
  format?: string;

  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'all_or_nothing',
    description: 'all_or_nothing: any bad row and nothing is imported; skip_invalid: bad rows are reported and skipped',
  })
  @Optional()
  @IsIn(IMPORT_MODES)
  mode?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    default: 'false',
    description: 'Emit a record event (webhooks) for every imported row',
  })
  @Optional()
  @IsIn(['true', 'false'])
  events?: string;
}

export class ExportRequestDto {
  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format!: ExportFormat;

  @ApiPropertyOptional({
    description: 'A filter expression, as in the records API',
    example: 'qty > 5 && active = true',
    maxLength: EXPRESSION_MAX,
  })
  @Optional()
  @IsString()
  @MaxLength(EXPRESSION_MAX)
  filter?: string;

  @ApiPropertyOptional({
    description: 'Sort keys, as in the records API',
    example: '-price,title',
    maxLength: EXPRESSION_MAX,
  })
  @Optional()
  @IsString()
  @MaxLength(EXPRESSION_MAX)
  sort?: string;

  @ApiPropertyOptional({
    description: 'Fields to export (default: every readable field)',
    example: 'id,title,price',
    maxLength: EXPRESSION_MAX,
  })
  @Optional()
  @IsString()
  @MaxLength(EXPRESSION_MAX)
  fields?: string;
}
