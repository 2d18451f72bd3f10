// `datetime`: an instant (`timestamptz`), exchanged as ISO 8601 with an explicit offset so that a
// value never depends on a server's time zone.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import { joinPath } from '../validation/validation-issue.js';
import { isTextStored, textInputCast } from './casts.js';
import { rangeChecks } from './check-specs.js';
import { indexMethod } from './column-helpers.js';
import { NOW, dateLikeIssues } from './date-bounds.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { isIsoDate, isIsoDateTime } from './iso-dates.js';
import { ORDERED_OPERATORS } from './operators.js';
import { COMMON_OPTION_PROPERTIES, UNIQUE_INDEX_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const DATE_TIME_STRING = { type: 'string', format: 'date-time' } as const;

/**
 * The format allows any number of fraction digits; PostgreSQL keeps microseconds, which with an
 * offset make 32 characters. Longer values are refused, so the bound the document states is real.
 */
export const DATETIME_MAX_LENGTH = 64;

const valueSchema = (field: FieldDefinitionOf<'datetime'>) =>
  nullable({ type: 'string', format: 'date-time', maxLength: DATETIME_MAX_LENGTH }, field.options.required);

const instantLiteral = (value: string | undefined) =>
  value === undefined ? null : `${quoteLiteral(value)}::timestamptz`;

export const datetimeFieldType: FieldTypeDefinition<'datetime'> = {
  type: 'datetime',
  storage: 'timestamptz',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    ...UNIQUE_INDEX_PROPERTIES,
    default: { type: 'string' },
    min: DATE_TIME_STRING,
    max: DATE_TIME_STRING,
  }),
  validateOptions: (field, { path }) =>
    dateLikeIssues(field.options, joinPath(path, 'options'), isIsoDateTime, 'an ISO 8601 date-time with offset'),
  columnType: (field) => ({
    sqlType: 'timestamptz',
    checks: rangeChecks(instantLiteral(field.options.min), instantLiteral(field.options.max)),
    unique: field.options.unique === true,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => (field.options.default === NOW ? 'now()' : instantLiteral(field.options.default)),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) => {
    // A bare date means midnight UTC, the same instant whatever the server's zone.
    if (isIsoDate(raw)) return { ok: true, value: `${raw}T00:00:00.000Z` };
    if (isIsoDateTime(raw)) return { ok: true, value: raw };
    return { ok: false, message: `"${raw}" is not an ISO 8601 date-time with offset` };
  },
  operators: () => ORDERED_OPERATORS,
  castFrom: (from) => {
    // Text without an offset is read in the session time zone: the runner sets it to UTC.
    if (isTextStored(from.type)) return textInputCast('timestamptz');
    if (from.type === 'date') {
      return { using: (c) => `${c}::timestamp AT TIME ZONE 'UTC'`, failsWhen: null, lossy: false };
    }
    return null;
  },
  // ISO 8601 in UTC (`2024-01-02T03:04:05.000Z`); bodies may give any offset.
  typescript: (field) => sameInAndOut(tsNullable('string', field.options.required)),
  junction: () => null,
};
