// Between a record's JSON values and what the form's inputs hold: text for numbers, JSON and
// dates, arrays for multi-selects, kept and new files for file fields. Converting back reports
// what cannot be sent as typed.
import type { FieldDefinition } from '../../api';
import type { FilePart } from '../../data/records/record-write';
import { fieldTypeUi } from '../../field-types';
import { fileFieldWrite, fileInputOf, isFileInput, type FileInputValue, type NewFile } from './file-values';

/** What an input holds: text, a boolean, a list of strings, or a file field's files. */
export type InputValue = string | boolean | string[] | FileInputValue;

const pad = (value: number) => String(value).padStart(2, '0');

/** ISO instant → the `datetime-local` input's local `YYYY-MM-DDTHH:mm:ss`. */
export function toLocalDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(
    date.getMinutes(),
  )}:${pad(date.getSeconds())}`;
}

/** Read-only fields are set by the engine; one-to-many relations are the other side's field. */
export function isWritable(field: FieldDefinition): boolean {
  if (field.type === 'relation' && field.options.kind === 'one_to_many') return false;
  return field.options.readOnly !== true;
}

export function toInputValue(field: FieldDefinition, value: unknown): InputValue {
  const kind = fieldTypeUi(field.type).value;
  switch (kind) {
    case 'boolean':
      return value === true;
    case 'multi_select':
      return Array.isArray(value) ? value.map(String) : [];
    case 'relation':
      if (field.options.kind === 'many_to_many') return Array.isArray(value) ? value.map(String) : [];
      return typeof value === 'string' ? value : '';
    case 'json':
      return value === undefined || value === null ? '' : JSON.stringify(value, null, 2);
    case 'datetime':
      return typeof value === 'string' ? toLocalDateTime(value) : '';
    case 'secret':
      return '';
    case 'file':
      return fileInputOf(value);
    default:
      return value === undefined || value === null ? '' : String(value);
  }
}

/** The form's starting values for a new record: each field's default where it has one. */
export function defaultInputValue(field: FieldDefinition): InputValue {
  const fallback = field.options.default;
  if (fallback === undefined || fallback === 'now') return toInputValue(field, undefined);
  return toInputValue(field, fallback);
}

export type Converted = { value: unknown } | { error: string } | { skip: true };

/** The JSON value to send for an input. Empty means null; an empty secret means "unchanged". */
export function fromInputValue(field: FieldDefinition, input: InputValue): Converted {
  const kind = fieldTypeUi(field.type).value;
  // Files are written by recordWrite: references in the values, new files as parts.
  if (isFileInput(input)) return { skip: true };
  if (Array.isArray(input)) return { value: input };
  if (typeof input === 'boolean') return { value: input };
  const text = input;
  if (kind === 'secret') return text === '' ? { skip: true } : { value: text };
  if (kind === 'string' || kind === 'long_string')
    return { value: text === '' && !field.options.required ? null : text };
  if (text.trim() === '') return { value: null };
  switch (kind) {
    case 'integer': {
      const number = Number(text);
      return Number.isInteger(number) ? { value: number } : { error: 'Enter a whole number' };
    }
    case 'number': {
      const number = Number(text);
      return Number.isFinite(number) ? { value: number } : { error: 'Enter a number' };
    }
    case 'json':
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return { error: 'Enter valid JSON' };
      }
    case 'datetime': {
      const date = new Date(text);
      return Number.isNaN(date.getTime()) ? { error: 'Enter a date and time' } : { value: date.toISOString() };
    }
    default:
      return { value: text };
  }
}

export interface RecordBody {
  body: Record<string, unknown>;
  errors: Record<string, string>;
}

/**
 * The body to send: for a new record every field with a value (empty ones are left to their
 * defaults); for an edit only the fields that changed, so a conditional update touches no more.
 */
export function recordBody(
  fields: readonly FieldDefinition[],
  inputs: Record<string, InputValue>,
  initial: Record<string, InputValue> | undefined,
): RecordBody {
  const body: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    if (!isWritable(field) || field.type === 'file') continue;
    const input = inputs[field.name];
    if (input === undefined) continue;
    if (initial && JSON.stringify(initial[field.name]) === JSON.stringify(input)) continue;
    const converted = fromInputValue(field, input);
    if ('error' in converted) errors[field.name] = converted.error;
    else if ('value' in converted) {
      const empty = converted.value === null || (Array.isArray(converted.value) && converted.value.length === 0);
      if (!initial && empty) continue;
      body[field.name] = converted.value;
    }
  }
  return { body, errors };
}

export interface RecordWriteParts extends RecordBody {
  /** New files to send as multipart parts, in order; empty: the write is plain JSON. */
  files: (FilePart & { key: NewFile['key'] })[];
}

/** As recordBody, with file fields: kept names and upload references in the body, new files as parts. */
export function recordWrite(
  fields: readonly FieldDefinition[],
  inputs: Record<string, InputValue>,
  initial: Record<string, InputValue> | undefined,
): RecordWriteParts {
  const { body, errors } = recordBody(fields, inputs, initial);
  const files: RecordWriteParts['files'] = [];
  for (const field of fields) {
    const input = inputs[field.name];
    if (field.type !== 'file' || !isWritable(field) || !isFileInput(input)) continue;
    const before = initial?.[field.name];
    const write = fileFieldWrite(field, input, isFileInput(before) ? before : undefined);
    if (write === null) continue;
    if ('json' in write) body[field.name] = write.json;
    for (const part of write.parts) files.push({ field: field.name, file: part.file, key: part.key });
  }
  return { body, errors, files };
}
