// What the compiler can do with each storage kind: the operators it knows how to compile,
// the SQL cast for parameters, which kinds compare with each other, and names for messages.

import type { Operator, StorageKind } from './query-schema.js';

const ORDERED: readonly Operator[] = ['=', '!=', '>', '>=', '<', '<=', 'in', '!in'];

/**
 * Operators the compiler can translate per storage. A field's metadata may allow fewer;
 * the effective set is the intersection, so metadata can never unlock an operator that
 * would compile to something meaningless (such as `>` on a uuid).
 */
const COMPILABLE: Readonly<Record<StorageKind, ReadonlySet<Operator>>> = {
  text: new Set<Operator>([...ORDERED, '~', '!~']),
  integer: new Set(ORDERED),
  numeric: new Set(ORDERED),
  date: new Set(ORDERED),
  timestamptz: new Set(ORDERED),
  boolean: new Set<Operator>(['=', '!=']),
  uuid: new Set<Operator>(['=', '!=', 'in', '!in']),
  jsonb: new Set<Operator>(['=', '!=', 'in', '!in', '?=']),
  text_array: new Set<Operator>(['=', '!=', '?=']),
};

export function compilableOperators(storage: StorageKind): ReadonlySet<Operator> {
  return COMPILABLE[storage];
}

/**
 * The cast written after every parameter. Integers are compared as bigint so that a value
 * outside int4 is simply unequal rather than a cast error, whichever width the column has.
 */
export function sqlCast(storage: StorageKind): string {
  switch (storage) {
    case 'text':
      return 'text';
    case 'integer':
      return 'bigint';
    case 'numeric':
      return 'numeric';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamptz':
      return 'timestamptz';
    case 'jsonb':
      return 'jsonb';
    case 'text_array':
      return 'text[]';
    case 'uuid':
      return 'uuid';
  }
}

/** Human names used in messages ("price" (number)). */
export function storageLabel(storage: StorageKind): string {
  switch (storage) {
    case 'text':
      return 'text';
    case 'integer':
      return 'integer';
    case 'numeric':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'timestamptz':
      return 'datetime';
    case 'jsonb':
      return 'json';
    case 'text_array':
      return 'text list';
    case 'uuid':
      return 'uuid';
  }
}

/** What a value for this storage must look like, for TYPE_MISMATCH messages. */
export function storageExpectation(storage: StorageKind): string {
  switch (storage) {
    case 'text':
      return 'text';
    case 'integer':
      return 'a whole number';
    case 'numeric':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'date':
      return 'a date like "2024-05-31"';
    case 'timestamptz':
      return 'a date-time like "2024-05-31T12:00:00Z"';
    case 'jsonb':
      return 'a string, number or boolean';
    case 'text_array':
      return 'a list of strings';
    case 'uuid':
      return 'a UUID';
  }
}

function family(storage: StorageKind): string {
  switch (storage) {
    case 'integer':
    case 'numeric':
      return 'number';
    case 'date':
    case 'timestamptz':
      return 'time';
    case 'text':
    case 'boolean':
    case 'jsonb':
    case 'text_array':
    case 'uuid':
      return storage;
  }
}

/** Whether Postgres compares the two kinds directly (int with numeric, date with timestamptz). */
export function storagesCompatible(a: StorageKind, b: StorageKind): boolean {
  return family(a) === family(b);
}
