// Checks a create/update body against the collection's compiled validator and turns it into
// column values: unknown and system fields are named in a 400, secrets are encrypted,
// many-to-many ids are split off for the junction table.

import { AppException, ErrorCode, fieldSentence, jsonValueExceedsDepth, type FieldError } from '@stagecraft/core';
import { NOT_BLANK_PATTERN, SYSTEM_COLUMN_NAMES } from '@stagecraft/schema';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { CompiledCollection } from './compiled-collection.js';
import type { SecretBox } from '@stagecraft/database';
import { valueMessage } from './value-messages.js';

export interface WritableValues {
  /** Column name → value, for fields stored in the row. */
  readonly columns: ReadonlyMap<string, unknown>;
  /** Many-to-many field name → target ids (replacing the current links). */
  readonly links: ReadonlyMap<string, readonly string[]>;
}

function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'additionalProperties')
    return (error.params as { additionalProperty: string }).additionalProperty;
  if (error.keyword === 'required') return (error.params as { missingProperty: string }).missingProperty;
  return error.instancePath.split('/').filter(Boolean).join('.') || 'body';
}

/** Empty or only whitespace in a required text: refused as a missing value is. */
const isBlank = (error: ErrorObject): boolean =>
  error.keyword === 'pattern' && (error.params as { pattern?: string }).pattern === NOT_BLANK_PATTERN;

function codeOf(error: ErrorObject): string {
  return isBlank(error) ? 'required' : error.keyword;
}

function messageOf(error: ErrorObject, field: string): string {
  if (error.keyword === 'additionalProperties') return `The collection has no field "${field}".`;
  if (error.keyword === 'required' || isBlank(error)) return fieldSentence(field, 'is required');
  return valueMessage(error, field);
}

/** Whether a NUL hides in the value, its keys included. Iterative, so no nesting can overflow it. */
function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (typeof next === 'string') {
      if (next.includes('\u0000')) return true;
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (key.includes('\u0000')) return true;
        if (typeof item === 'string' || (item !== null && typeof item === 'object')) pending.push(item);
      }
    }
  }
  return false;
}

/** Field names whose value fails `test`, as one VALIDATION_FAILED naming each of them. */
function refuseFields(
  record: Record<string, unknown>,
  test: (value: unknown) => boolean,
  what: { code: string; detail: string; message: string },
): void {
  const fields = Object.keys(record).filter((key) => test(record[key]));
  if (fields.length === 0) return;
  throw new AppException(ErrorCode.ValidationFailed, `${what.detail}: ${fields.join(', ')}.`, {
    errors: fields.map((field) => ({ field, code: what.code, message: fieldSentence(field, what.message) })),
  });
}

/**
 * The body as a record of field values, or a 400 naming every field at fault. `jsonMaxDepth`
 * (JSON_MAX_DEPTH) bounds how deeply any value nests, checked before anything else walks it.
 */
export function assertValidBody(
  body: unknown,
  validate: ValidateFunction,
  jsonMaxDepth: number,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AppException(ErrorCode.ValidationFailed, 'The body must be a JSON object of field values.', {
      errors: [{ field: 'body', code: 'type', message: 'The body must be a JSON object of field values.' }],
    });
  }
  const record = body as Record<string, unknown>;
  const system = Object.keys(record).filter((key) => (SYSTEM_COLUMN_NAMES as readonly string[]).includes(key));
  if (system.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, `System fields cannot be written: ${system.join(', ')}.`, {
      errors: system.map((field) => ({
        field,
        code: 'system',
        message: fieldSentence(field, 'is set by Stagecraft and cannot be written'),
      })),
    });
  }
  refuseFields(record, (value) => jsonValueExceedsDepth(value, jsonMaxDepth), {
    code: 'depth',
    detail: `Values cannot nest objects and arrays more than ${jsonMaxDepth} levels deep (JSON_MAX_DEPTH)`,
    message: `nests objects and arrays more than ${jsonMaxDepth} levels deep`,
  });
  // PostgreSQL cannot store NUL characters in text or jsonb: refuse them here, by field.
  refuseFields(record, containsNul, {
    code: 'nul',
    detail: 'Values cannot contain NUL characters',
    message: 'contains a NUL character',
  });
  if (!validate(record)) {
    // A value can break the same rule in two parts of its schema (a null for a required text
    // fails both its type and its not-blank part's): each error is reported once.
    const unique = new Map<string, FieldError>();
    for (const error of validate.errors ?? []) {
      const field = fieldOf(error);
      const item = { field, code: codeOf(error), message: messageOf(error, field) };
      unique.set(`${item.field}\u0000${item.code}\u0000${item.message}`, item);
    }
    const errors = [...unique.values()];
    const fields = [...new Set(errors.map((error) => error.field))];
    throw new AppException(ErrorCode.ValidationFailed, `The record is invalid: check ${fields.join(', ')}.`, {
      errors,
    });
  }
  return record;
}

/** `files`: the column values of file fields, resolved from the body's references (file-values.ts). */
export function writableValues(
  record: Record<string, unknown>,
  collection: CompiledCollection,
  secrets: SecretBox,
  files: ReadonlyMap<string, string | null> = new Map(),
): WritableValues {
  const columns = new Map<string, unknown>(files);
  const links = new Map<string, string[]>();
  for (const [name, value] of Object.entries(record)) {
    const field = collection.fields.get(name);
    // The validator refused unknown fields already; `<file field>+` and `-` are resolved into `files`.
    if (!field || field.kind === 'file') continue;
    if (field.kind === 'many_to_many') links.set(name, [...new Set(value as string[])]);
    else if (field.kind === 'secret' && typeof value === 'string') columns.set(name, secrets.encrypt(value));
    else if (field.definition.type === 'json') columns.set(name, JSON.stringify(value));
    else columns.set(name, value);
  }
  return { columns, links };
}

/** A PUT replaces the record: writable fields it leaves out go back to their default. */
export function replacementDefaults(
  record: Record<string, unknown>,
  collection: CompiledCollection,
): Record<string, unknown> {
  const complete: Record<string, unknown> = { ...record };
  for (const field of collection.fields.values()) {
    if (!field.writable || field.name in complete) continue;
    const fallback = (field.definition.options as { default?: unknown }).default;
    complete[field.name] = field.kind === 'many_to_many' ? [] : fallback === undefined ? null : fallback;
  }
  return complete;
}
