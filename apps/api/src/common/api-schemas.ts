// Schema fragments the DTOs share for values the server writes (ids, timestamps, counters) or
// checks the same way everywhere (names), so each bound is stated once and stays true.

import { NAME_PATTERN } from '@stagecraft/schema';

/** A UUID, which its format makes 36 characters long. */
export const UUID = { type: 'string', format: 'uuid', maxLength: 36 } as const;

/** A nullable UUID, for @ApiProperty (OpenAPI 3.1 output turns `nullable` into a null type). */
export const NULLABLE_UUID = { ...UUID, nullable: true } as const;

/** A timestamp the server writes: ISO 8601 in UTC with milliseconds, 24 characters. */
export const TIMESTAMP = { type: 'string', format: 'date-time', maxLength: 32 } as const;

export const NULLABLE_TIMESTAMP = { ...TIMESTAMP, nullable: true } as const;

/** A count or offset: a JavaScript number, exact up to 2^53 - 1. */
export const COUNT = { type: 'integer', format: 'int64', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;

/** A 32-bit count the server keeps small (attempts, HTTP statuses, durations). */
export const SMALL_COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 } as const;

/** A collection or field name, as the schema engine checks it. */
export const NAME = { type: 'string', pattern: NAME_PATTERN.source, maxLength: 63 } as const;

/** An email address; RFC 5321 caps a forward path at 254 characters. */
export const EMAIL_MAX_LENGTH = 254;
export const EMAIL = { type: 'string', format: 'email', maxLength: EMAIL_MAX_LENGTH } as const;
