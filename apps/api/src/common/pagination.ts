// The `limit` and `offset` query parameters of the admin list endpoints, declared once:
// integers from the query string, bounded, with their defaults in the OpenAPI document.

import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';

const INT32_MAX = 2_147_483_647;

/** `limit`: 1 to `max`; the property's initialiser is the default. */
export function LimitParam(max: number, fallback: number): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: 'integer', format: 'int32', minimum: 1, maximum: max, default: fallback }),
    Type(() => Number),
    IsInt(),
    Min(1),
    Max(max),
  );
}

/** `offset`: 0 or more, at most `max`. */
export function OffsetParam(max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'integer',
      format: max > INT32_MAX ? 'int64' : 'int32',
      minimum: 0,
      maximum: max,
      default: 0,
    }),
    Type(() => Number),
    IsInt(),
    Min(0),
    Max(max),
  );
}
