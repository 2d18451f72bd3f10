// The body of a record write: JSON when it carries no new files, otherwise multipart/form-data
// with an `@json` part (the other values) first and one file part per new file, named after
// its field. The server merges a file part into the list the `@json` part gives that field, so
// kept files, tus upload references and new parts make one list (docs/files.md).
import { sendForm, session } from '../../api';

export const JSON_PART = '@json';

export interface FilePart {
  /** The file field's name (a multiple field takes several parts under one name). */
  field: string;
  file: File;
}

export interface RecordWrite {
  values: Record<string, unknown>;
  /** New files sent with the write. */
  files?: readonly FilePart[];
  /** Bytes of the multipart body sent so far, of `total`. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export function recordFormData(values: Record<string, unknown>, files: readonly FilePart[]): FormData {
  const form = new FormData();
  // First: the server reads parts in order and appends file parts to what @json gave the field.
  form.append(JSON_PART, JSON.stringify(values));
  for (const { field, file } of files) form.append(field, file, file.name);
  return form;
}

/** Sends a multipart write; `version` makes an update conditional as the JSON one is. */
export function sendMultipartRecord<T>(
  method: 'POST' | 'PATCH',
  url: string,
  write: RecordWrite,
  ifMatch?: string,
): Promise<T> {
  return sendForm<T>(session, {
    method,
    url,
    body: recordFormData(write.values, write.files ?? []),
    headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
    onProgress: write.onProgress,
    signal: write.signal,
  });
}

export const hasFiles = (write: RecordWrite): boolean => (write.files?.length ?? 0) > 0;
