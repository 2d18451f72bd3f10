// A record create/update/replace sent as multipart/form-data: file parts named after a file
// field (`avatar`, or `attachments+` to append) are stored as pending uploads as they stream
// in, and become `{ "upload": "<id>" }` references in the body; an `@json` part holds the
// other fields as one JSON object; any other text part is one field's value, typed like a
// query-string value (repeated parts make a list; `attachments-` names files to remove).

import type { AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import { type FileIntake, type AcceptedFile } from '@stagecraft/files';
import type { CompiledCollection, CompiledField } from '@stagecraft/records';
import { coerceFieldQueryValue, type FileOptions } from '@stagecraft/schema';
import type { FastifyRequest } from 'fastify';
import { parseJsonBody } from '../common/json-body.js';

export const JSON_PART = '@json';
const APPEND = '+';
const REMOVE = '-';

export interface MultipartRecord {
  readonly body: Record<string, unknown>;
  /** Uploads this request stored, to release if the write fails. */
  readonly uploadIds: string[];
}

function badPart(detail: string, field: string, code: string): AppException {
  return new AppException(ErrorCode.ValidationFailed, detail, { errors: [{ field, code, message: detail }] });
}

/** The file field a part name addresses (`avatar`, `attachments+`), or a 400. */
function fileFieldOf(collection: CompiledCollection, partName: string): { field: CompiledField; append: boolean } {
  const append = partName.endsWith(APPEND);
  const name = append ? partName.slice(0, -1) : partName;
  const field = collection.fields.get(name);
  if (field?.kind !== 'file' || !field.writable) {
    throw badPart(`"${partName}" is not a writable file field of "${collection.name}".`, partName, 'file');
  }
  if (append && (field.definition.options as FileOptions).multiple !== true) {
    throw badPart(`${name} holds one file; send it as "${name}", not "${partName}".`, partName, 'file');
  }
  return { field, append };
}

/** Adds a value under a key: the first stays a single value, repeats make a list. */
function add(body: Record<string, unknown>, key: string, value: unknown, list: boolean): void {
  const existing = body[key];
  if (existing === undefined) body[key] = list ? [value] : value;
  else body[key] = Array.isArray(existing) ? [...(existing as unknown[]), value] : [existing, value];
}

/** A plain text part's value, typed for its field; left as text where it does not convert (the validator names it). */
function textValue(collection: CompiledCollection, key: string, value: string): { field: string; value: unknown } {
  const field = collection.fields.get(key);
  if (!field) return { field: key, value };
  if (field.kind === 'file') return { field: key, value };
  const coerced = coerceFieldQueryValue(field.definition, value);
  return { field: key, value: coerced.ok ? coerced.value : value };
}

function fileList(field: CompiledField, append: boolean): boolean {
  return append || (field.definition.options as FileOptions).multiple === true;
}

/**
 * Reads the whole form, storing each file as it arrives. On any error the uploads stored so far
 * are handed to `discard` before the error goes on.
 */
export async function readMultipartRecord(
  request: FastifyRequest,
  collection: CompiledCollection,
  intake: FileIntake,
  uploadedBy: string,
  config: AppConfig,
  discard: (uploadIds: string[]) => Promise<void>,
): Promise<MultipartRecord> {
  const body: Record<string, unknown> = {};
  const uploadIds: string[] = [];
  try {
    const parts = request.parts({
      limits: { fileSize: config.files.maxBytes, files: 1000, fields: 1000, fieldSize: config.bodyLimitBytes },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        const { field, append } = fileFieldOf(collection, part.fieldname);
        const accepted: AcceptedFile = await intake.accept(
          {
            collectionId: collection.definition.id,
            fieldId: field.definition.id,
            fieldName: field.name,
            options: field.definition.options,
          },
          { stream: part.file, fileName: part.filename, truncated: () => part.file.truncated },
          uploadedBy,
        );
        uploadIds.push(accepted.uploadId);
        add(body, part.fieldname, { upload: accepted.uploadId }, fileList(field, append));
      } else if (part.fieldname === JSON_PART) {
        const json = parseJsonBody(request, Buffer.from(String(part.value)), config);
        if (typeof json !== 'object' || json === null || Array.isArray(json)) {
          throw badPart(`The "${JSON_PART}" part must be a JSON object of field values.`, JSON_PART, 'type');
        }
        for (const [key, value] of Object.entries(json)) add(body, key, value, false);
      } else {
        const { field, value } = textValue(collection, part.fieldname, String(part.value));
        add(body, field, value, part.fieldname.endsWith(REMOVE));
      }
    }
  } catch (error) {
    await discard(uploadIds);
    throw error instanceof AppException ? error : unreadable(error);
  }
  return { body, uploadIds };
}

function unreadable(error: unknown): AppException {
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return new AppException(ErrorCode.PayloadTooLarge, `The form has too many parts (${(error as Error).message}).`);
  return new AppException(ErrorCode.BadRequest, `The multipart body cannot be read (${(error as Error).message}).`, {
    cause: error,
  });
}
