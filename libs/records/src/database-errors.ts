// Turns the database's refusals of a record write into problems naming the field at fault,
// and a lost connection into a 503; anything else is left to become a 500 (a bug), never
// shown raw to the client.

import {
  AppException,
  type ChangeOutcome,
  databaseUnavailable,
  ErrorCode,
  fieldSentence,
  isDatabaseConnectionFailure,
} from '@stagecraft/core';
import type { CompiledCollection } from './compiled-collection.js';

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  detail?: string;
}

/** `changed`: whether the failed work may have changed data, for the 503 of a lost connection. */
export function translateDatabaseError(
  error: unknown,
  collection: CompiledCollection,
  changed: ChangeOutcome = 'unknown',
): unknown {
  // Reads and writes run through retried-reads and guarded-writes, which answer this
  // themselves; this catches what reached the database some other way (e.g. a count).
  if (isDatabaseConnectionFailure(error)) return databaseUnavailable(error, changed);
  const pg = ((error as { driverError?: PgError }).driverError ?? error) as PgError;
  const field = (pg.constraint && collection.constraintFields.get(pg.constraint)) ?? pg.column ?? 'unknown';
  switch (pg.code) {
    case '23505':
      return new AppException(ErrorCode.UniqueViolation, `Another record already has this ${field}.`, {
        errors: [
          { field, code: 'unique', message: fieldSentence(field, 'must be unique; another record has this value') },
        ],
        cause: error,
      });
    case '23503':
      // A constraint of this collection: the write names a record that does not exist. One of
      // another collection's: a delete (or key change) of a record its relation still refers to.
      if (pg.constraint === undefined || !collection.constraintFields.has(pg.constraint)) {
        return new AppException(
          ErrorCode.Conflict,
          'Other records refer to this one through a relation that refuses deletes; delete them or change what they refer to first.',
          { cause: error },
        );
      }
      return new AppException(ErrorCode.Conflict, `The record ${field} refers to does not exist.`, {
        errors: [{ field, code: 'relation', message: fieldSentence(field, 'must reference an existing record') }],
        cause: error,
      });
    case '23502':
      return new AppException(ErrorCode.UnprocessableEntity, fieldSentence(field, 'is required'), {
        errors: [{ field, code: 'required', message: fieldSentence(field, 'is required') }],
        cause: error,
      });
    case '23514':
      if (pg.constraint?.endsWith('_notblank_chk')) {
        return new AppException(ErrorCode.ValidationFailed, fieldSentence(field, 'is required'), {
          errors: [{ field, code: 'required', message: fieldSentence(field, 'is required') }],
          cause: error,
        });
      }
      return new AppException(ErrorCode.ValidationFailed, fieldSentence(field, 'breaks a rule of the collection'), {
        errors: [{ field, code: 'check', message: fieldSentence(field, 'is out of the allowed range or format') }],
        cause: error,
      });
    case '22021': // a NUL character in text
    case '22P05': // a NUL escape in json
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
      return new AppException(ErrorCode.ValidationFailed, `A value has the wrong format or is out of range.`, {
        errors: [{ field, code: 'format', message: 'A value has the wrong format or is out of range.' }],
        cause: error,
      });
    case 'SCF01': // the file_references trigger: an upload attached elsewhere (or removed) meanwhile
      return new AppException(
        ErrorCode.Conflict,
        `The file ${pg.detail ?? ''} is no longer waiting to be attached: another write took it or it expired; upload it again.`,
        {
          errors: [
            { field: 'file', code: 'upload', message: 'The upload is no longer available; upload the file again.' },
          ],
          cause: error,
        },
      );
    default:
      return error;
  }
}

/**
 * True when the database refused a statement because a column or table it names is gone or
 * changed: what a query built from a schema snapshot meets when a rename or drop commits
 * under it (undefined column or table, or a prepared plan whose columns changed).
 */
export function isSchemaRace(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // The pg error may sit in TypeORM's driverError or an AppException's cause.
  while (current !== null && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === '42703' || code === '42P01') return true;
    if (code === '0A000' && typeof message === 'string' && message.includes('cached plan')) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}
