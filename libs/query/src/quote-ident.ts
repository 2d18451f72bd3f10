// The only way an identifier enters SQL text: checked against a strict pattern, then
// double-quoted. Names come from metadata, never from expression text.

import { DATA_SCHEMA } from './query-schema.js';

const SAFE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** Postgres silently truncates longer names, which could make two names collide. */
const MAX_IDENTIFIER_LENGTH = 63;

/**
 * Quotes a column, table or alias name. A name that fails the check is a metadata bug, not
 * bad user input, so it raises a plain Error (a 500), not an ExpressionError (a 400).
 */
export function quoteIdent(name: string): string {
  if (typeof name !== 'string' || name.length > MAX_IDENTIFIER_LENGTH || !SAFE_IDENTIFIER.test(name)) {
    throw new Error(
      `unsafe SQL identifier ${JSON.stringify(name)}: expected ^[a-z_][a-z0-9_]*$, at most 63 characters`,
    );
  }
  return `"${name}"`;
}

/** `"data"."<table>"`: every collection and junction table lives in the data schema. */
export function dataTable(table: string): string {
  return `${quoteIdent(DATA_SCHEMA)}.${quoteIdent(table)}`;
}
