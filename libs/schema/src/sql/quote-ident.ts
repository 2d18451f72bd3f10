// The one way identifiers enter SQL: double-quoted, and only when they match a strict pattern,
// so a bug elsewhere can never turn a name into SQL syntax.
import { DATA_SCHEMA } from '../metadata/system-columns.js';

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export class UnsafeIdentifierError extends Error {
  constructor(readonly identifier: string) {
    super(`unsafe SQL identifier: ${JSON.stringify(identifier)}`);
    this.name = 'UnsafeIdentifierError';
  }
}

export function quoteIdent(name: string): string {
  if (!SAFE_IDENTIFIER.test(name)) throw new UnsafeIdentifierError(name);
  return `"${name}"`;
}

/** `"data"."<table>"`: every collection and junction table lives in the `data` schema. */
export function qualifiedTable(table: string): string {
  return `${quoteIdent(DATA_SCHEMA)}.${quoteIdent(table)}`;
}
