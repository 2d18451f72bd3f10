// Checks a value against the storage it is compared with and turns it into the parameter
// Postgres will cast, so a bad date or UUID is a TYPE_MISMATCH here, not an SQL error later.

import type { StorageKind } from './query-schema.js';

/** A value as the compiler knows it before binding. */
export type RuntimeValue =
  /** A number literal, kept as written so decimals stay exact. */
  | { readonly type: 'decimal'; readonly raw: string }
  /** `@now`. */
  | { readonly type: 'instant'; readonly at: Date }
  /** Strings, booleans, null, and whatever a request body holds. */
  | { readonly type: 'plain'; readonly value: unknown };

export type Binding = { readonly ok: true; readonly param: unknown } | { readonly ok: false };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const WHOLE = /^-?\d+$/;

const ok = (param: unknown): Binding => ({ ok: true, param });
const rejected: Binding = { ok: false };

/** The parameter for `value` compared as `storage`, or a rejection. Null stays null for every kind. */
export function bindValue(value: RuntimeValue, storage: StorageKind): Binding {
  if (value.type === 'plain' && (value.value === null || value.value === undefined)) return ok(null);
  switch (storage) {
    case 'text':
      return isText(value) ? ok(value.value) : rejected;
    case 'integer':
      return bindInteger(value);
    case 'numeric':
      if (value.type === 'decimal') return ok(value.raw);
      return value.type === 'plain' && typeof value.value === 'number' && Number.isFinite(value.value)
        ? ok(value.value)
        : rejected;
    case 'boolean':
      return value.type === 'plain' && typeof value.value === 'boolean' ? ok(value.value) : rejected;
    case 'date':
      if (value.type === 'instant') return validInstant(value.at) ? ok(value.at.toISOString().slice(0, 10)) : rejected;
      return isText(value) && isIsoDate(value.value) ? ok(value.value) : rejected;
    case 'timestamptz': {
      if (value.type === 'instant') return validInstant(value.at) ? ok(value.at.toISOString()) : rejected;
      const normalised = isText(value) ? normaliseTimestamp(value.value) : undefined;
      return normalised === undefined ? rejected : ok(normalised);
    }
    case 'uuid':
      return isText(value) && UUID.test(value.value) ? ok(value.value) : rejected;
    case 'jsonb':
      return bindJson(value);
    case 'text_array':
      return value.type === 'plain' && Array.isArray(value.value) && value.value.every(isSafeString)
        ? ok([...value.value])
        : rejected;
  }
}

/** `%` + the text with `\`, `%` and `_` escaped + `%`, for `ILIKE … ESCAPE '\'`. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}

function isSafeString(value: unknown): value is string {
  // Postgres text cannot hold NUL; catching it here keeps it from becoming a 500.
  return typeof value === 'string' && !value.includes('\0');
}

function isText(value: RuntimeValue): value is { type: 'plain'; value: string } {
  return value.type === 'plain' && isSafeString(value.value);
}

function validInstant(at: Date): boolean {
  return at instanceof Date && !Number.isNaN(at.getTime());
}

function bindInteger(value: RuntimeValue): Binding {
  if (value.type === 'decimal') {
    const parsed = Number(value.raw);
    return WHOLE.test(value.raw) && Number.isSafeInteger(parsed) ? ok(parsed) : rejected;
  }
  return value.type === 'plain' && Number.isSafeInteger(value.value) ? ok(value.value) : rejected;
}

function bindJson(value: RuntimeValue): Binding {
  switch (value.type) {
    case 'decimal':
      // JSON forbids leading zeros ("007"), which the expression grammar allows.
      return ok(value.raw.replace(/^(-?)0+(?=\d)/, '$1'));
    case 'instant':
      return rejected;
    case 'plain':
      try {
        // jsonb rejects \u0000 just as text rejects NUL, in keys and values alike.
        // A property, not a local, so the flag set in the replacer is not narrowed to false.
        const seen = { nul: false };
        const text = JSON.stringify(value.value, (key: string, item: unknown) => {
          if (key.includes('\0') || (typeof item === 'string' && item.includes('\0'))) seen.nul = true;
          return item;
        });
        return typeof text === 'string' && !seen.nul ? ok(text) : rejected;
      } catch {
        // BigInt or a cycle in a body value: not representable as JSON.
        return rejected;
      }
  }
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

function validCalendarDate(year: string, month: string, day: string): boolean {
  const y = Number(year);
  const m = Number(month);
  const d = Number(day);
  // Postgres has no year 0, so 0000 is rejected along with impossible days.
  return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

export function isIsoDate(text: string): boolean {
  const match = DATE.exec(text);
  if (match === null) return false;
  // DATE's three groups are all mandatory, so a match always has them.
  const [, year, month, day] = match as unknown as [string, string, string, string];
  return validCalendarDate(year, month, day);
}

/**
 * Validates an ISO 8601 date or date-time and returns it in the form sent to Postgres.
 * A value without an offset is taken as UTC, so the result never depends on the database
 * session's time zone; a bare date means midnight UTC.
 */
export function normaliseTimestamp(text: string): string | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null) return undefined;
  // Optional groups that did not take part in the match are undefined.
  const groups: readonly (string | undefined)[] = match;
  const [, year = '', month = '', day = '', hour, minute, second, fraction, zone] = groups;
  if (!validCalendarDate(year, month, day)) return undefined;
  const date = `${year}-${month}-${day}`;
  if (hour === undefined || minute === undefined) return `${date}T00:00:00Z`;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second ?? '0') > 59) return undefined;
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 15 || Number(zone.slice(4, 6)) > 59)) {
    return undefined;
  }
  return `${date}T${hour}:${minute}:${second ?? '00'}${fraction ?? ''}${zone ?? 'Z'}`;
}
