// `date`: a calendar date without time or zone (`date` column), exchanged as `YYYY-MM-DD`;
// `now` as a default means the current date when the record is inserted.
import type { FieldDefinitionOf } from '../metadata/field-definition.js';
import { quoteLiteral } from '../sql/quote-literal.js';
import { joinPath } from '../validation/validation-issue.js';
import { isTextStored, textInputCast } from './casts.js';
import { rangeChecks } from './check-specs.js';
import { indexMethod } from './column-helpers.js';
import { NOW, dateLikeIssues } from './date-bounds.js';
import type { FieldTypeDefinition } from './field-type-definition.js';
import { isIsoDate } from './iso-dates.js';
import { ORDERED_OPERATORS } from './operators.js';
import { COMMON_OPTION_PROPERTIES, UNIQUE_INDEX_PROPERTIES, optionsObject } from './option-schemas.js';
import { nullable, withApiAnnotations } from './value-schemas.js';
import { sameInAndOut, tsNullable } from './typescript-types.js';

const DATE_STRING = { type: 'string', format: 'date' } as const;

// `YYYY-MM-DD` is ten characters; the length is stated so the document bounds every string.
const valueSchema = (field: FieldDefinitionOf<'date'>) =>
  nullable({ type: 'string', format: 'date', maxLength: 10 }, field.options.required);

const dateLiteral = (value: string | undefined) => (value === undefined ? null : `${quoteLiteral(value)}::date`);

export const dateFieldType: FieldTypeDefinition<'date'> = {
  type: 'date',
  storage: 'date',
  sortable: true,
  optionsSchema: optionsObject({
    ...COMMON_OPTION_PROPERTIES,
    ...UNIQUE_INDEX_PROPERTIES,
    default: { type: 'string' },
    min: DATE_STRING,
    max: DATE_STRING,
  }),
  validateOptions: (field, { path }) =>
    dateLikeIssues(field.options, joinPath(path, 'options'), isIsoDate, 'a date (YYYY-MM-DD)'),
  columnType: (field) => ({
    sqlType: 'date',
    checks: rangeChecks(dateLiteral(field.options.min), dateLiteral(field.options.max)),
    unique: field.options.unique === true,
    index: indexMethod(field.options),
    references: null,
  }),
  defaultSql: (field) => (field.options.default === NOW ? 'CURRENT_DATE' : dateLiteral(field.options.default)),
  jsonSchema: valueSchema,
  openApiSchema: (field) => withApiAnnotations(valueSchema(field), field.options),
  coerceQueryValue: (raw) =>
    isIsoDate(raw) ? { ok: true, value: raw } : { ok: false, message: `"${raw}" is not a date (YYYY-MM-DD)` },
  operators: () => ORDERED_OPERATORS,
  castFrom: (from) => {
    if (isTextStored(from.type)) return textInputCast('date');
    // The calendar day in UTC, so the result does not depend on the session's time zone.
    if (from.type === 'datetime') {
      return { using: (c) => `(${c} AT TIME ZONE 'UTC')::date`, failsWhen: null, lossy: true };
    }
    return null;
  },
  // `YYYY-MM-DD`.
  typescript: (field) => sameInAndOut(tsNullable('string', field.options.required)),
  junction: () => null,
};
