// The GraphQL-over-HTTP request and result, for the OpenAPI document.

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class GraphqlRequestDto {
  @ApiProperty({ description: 'The GraphQL document', maxLength: 1_000_000 })
  query!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  variables?: Record<string, unknown> | null;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true })
  operationName?: string | null;
}

export class GraphqlErrorDto {
  @ApiProperty({ maxLength: 100_000 })
  message!: string;

  @ApiPropertyOptional({
    type: 'array',
    maxItems: 100,
    description: 'Where in `data` the error happened: field names and list indexes',
    items: {
      oneOf: [
        { type: 'string', maxLength: 1000 },
        { type: 'integer', format: 'int32', minimum: 0, maximum: 2147483647 },
      ],
    },
  })
  path?: (string | number)[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: '`code`: the REST problem code (VALIDATION_FAILED, FORBIDDEN, NOT_FOUND, …); `status`; `errors`',
  })
  extensions?: Record<string, unknown>;
}

export class GraphqlResultDto {
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, nullable: true })
  data?: Record<string, unknown> | null;

  @ApiPropertyOptional({ type: [GraphqlErrorDto], maxItems: 1000 })
  errors?: GraphqlErrorDto[];
}
