// Turns the file references of a create/update body into the metadata a file column stores.
// A body names files the record already holds (by stored name) and uploads to attach
// (`{ "upload": "<id>" }`, pending in the ledger, uploaded by the same caller for the same
// field); multiple fields also take `<name>+` (append uploads) and `<name>-` (remove names).
// The database trigger on the table then attaches and releases files in the same transaction.

import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';
import { maxFilesOf, quoteIdent, type FileOptions } from '@stagecraft/schema';
import type { EntityManager } from 'typeorm';
import type { CompiledCollection, CompiledField } from './compiled-collection.js';

/** The metadata of one stored file, as the column holds it. */
export type FileObject = Record<string, unknown> & { name: string };
type FileReference = string | { upload: string };

export const appendKey = (field: string): string => `${field}+`;
export const removeKey = (field: string): string => `${field}-`;

/** The file fields a body changes (by value, append or remove). */
export function fileFieldsInBody(record: Record<string, unknown>, collection: CompiledCollection): CompiledField[] {
  if (collection.fileFields.length === 0) return [];
  return collection.fileFields.filter(
    (field) => field.name in record || appendKey(field.name) in record || removeKey(field.name) in record,
  );
}

const asList = <T>(value: T | T[] | null | undefined): T[] =>
  value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];

const uploadIdOf = (reference: FileReference): string | undefined =>
  typeof reference === 'object' ? reference.upload : undefined;

/** The upload ids a body refers to, in all its file fields. */
function uploadIds(record: Record<string, unknown>, fields: readonly CompiledField[]): string[] {
  const ids = fields.flatMap((field) =>
    [...asList(record[field.name] as FileReference[]), ...asList(record[appendKey(field.name)] as FileReference[])]
      .map(uploadIdOf)
      .filter((id): id is string => id !== undefined),
  );
  return [...new Set(ids)];
}

export interface FileResolution {
  /** Who writes: uploads are usable only by whoever uploaded them. */
  readonly actor: string;
  /** The record's current file columns (update, replace), or null (create). */
  readonly current: Record<string, unknown> | null;
}

/**
 * Column values (JSON text) for each file field the body changes, or a 400 naming every
 * reference that does not resolve. One query finds all the uploads.
 */
export async function resolveFileValues(
  manager: EntityManager,
  collection: CompiledCollection,
  record: Record<string, unknown>,
  fields: readonly CompiledField[],
  { actor, current }: FileResolution,
): Promise<Map<string, string | null>> {
  const ids = uploadIds(record, fields);
  const uploads = new Map<string, { fieldId: string; meta: FileObject }>();
  if (ids.length > 0) {
    const rows: { upload_id: string; field_id: string; meta: FileObject }[] = await manager.query(
      `SELECT upload_id, field_id, meta FROM "stagecraft"."stored_files"
        WHERE upload_id = ANY($1) AND state = 'pending' AND collection_id = $2 AND uploaded_by IS NOT DISTINCT FROM $3`,
      [ids, collection.definition.id, actor],
    );
    for (const row of rows) uploads.set(row.upload_id, { fieldId: row.field_id, meta: row.meta });
  }
  const errors: FieldError[] = [];
  const values = new Map<string, string | null>();
  for (const field of fields) {
    const held = asList(current?.[field.name] as FileObject | FileObject[] | null);
    const resolve = (reference: FileReference): FileObject | undefined => {
      if (typeof reference === 'string') {
        const file = held.find((item) => item.name === reference);
        if (!file) errors.push(fieldError(field, 'file', `holds no file named "${reference}"`));
        return file;
      }
      const upload = reference.upload;
      const found = uploads.get(upload);
      if (found?.fieldId !== field.definition.id) {
        errors.push(fieldError(field, 'upload', `cannot take upload ${upload}: it is not waiting to be attached here`));
        return undefined;
      }
      return found.meta;
    };
    const options = field.definition.options as FileOptions;
    const files = fileList(record, field, held, resolve);
    const maxFiles = maxFilesOf(options);
    if (files.length > maxFiles) errors.push(fieldError(field, 'maxItems', `holds at most ${maxFiles} files`));
    if (files.length === 0 && options.required === true)
      errors.push(fieldError(field, 'required', 'needs at least one file'));
    // No single file is SQL NULL (JSON null would be a value of the wrong shape).
    const single = files[0];
    values.set(
      field.name,
      options.multiple === true ? JSON.stringify(files) : single === undefined ? null : JSON.stringify(single),
    );
  }
  if (errors.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, errors.map((error) => error.message).join(' '), { errors });
  }
  return values;
}

/** The files the field holds after the change: the value if given, else what it held; then `-` and `+`. */
function fileList(
  record: Record<string, unknown>,
  field: CompiledField,
  held: readonly FileObject[],
  resolve: (reference: FileReference) => FileObject | undefined,
): FileObject[] {
  let files: FileObject[] = [...held];
  if (field.name in record) {
    files = asList(record[field.name] as FileReference | FileReference[] | null)
      .map(resolve)
      .filter((file): file is FileObject => file !== undefined);
  }
  const removed = asList(record[removeKey(field.name)] as string | string[]);
  for (const name of removed) {
    if (!held.some((file) => file.name === name)) resolve(name); // names the unknown file in the 400
  }
  files = files.filter((file) => !removed.includes(file.name));
  const appended = asList(record[appendKey(field.name)] as FileReference | FileReference[]);
  files.push(...appended.map(resolve).filter((file): file is FileObject => file !== undefined));
  return files;
}

/** "Cover holds at most 3 files.": the field's label, then `predicate`. */
function fieldError(field: CompiledField, code: string, predicate: string): FieldError {
  return { field: field.name, code, message: fieldSentence(field.name, predicate) };
}

/** Reads and locks the record's current file columns before an update decides on them. */
export async function lockCurrentFiles(
  manager: EntityManager,
  table: string,
  id: string,
  fields: readonly CompiledField[],
): Promise<Record<string, unknown> | null> {
  const columns = fields.map((field) => quoteIdent(field.name)).join(', ');
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${columns} FROM "data".${quoteIdent(table)} WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0] ?? null;
}
