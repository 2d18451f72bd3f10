// Streams an upload to its file without holding it in memory, stopping at the size cap: a
// larger upload is a 413 and leaves no file behind, an empty one a 400.

import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppException, ErrorCode } from '@stagecraft/core';

export function uploadTooLarge(maxBytes: number): AppException {
  return new AppException(ErrorCode.PayloadTooLarge, `The upload is larger than ${maxBytes} bytes (IMPORT_MAX_BYTES).`);
}

/** Stream errors that mean "too large": ours, and the multipart parser's file-size limit. */
const isTooLarge = (error: unknown): boolean =>
  error instanceof AppException
    ? error.code === ErrorCode.PayloadTooLarge
    : (error as { code?: string } | undefined)?.code === 'FST_REQ_FILE_TOO_LARGE';

/**
 * Writes `source` to `path`; returns the number of bytes written. `truncated` tells whether a
 * source that enforces the cap itself (a multipart file part) stopped short.
 */
export async function saveUpload(
  source: Readable,
  path: string,
  maxBytes: number,
  truncated: () => boolean = () => false,
): Promise<number> {
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(uploadTooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(source, limit, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    if (isTooLarge(error)) throw uploadTooLarge(maxBytes);
    throw new AppException(ErrorCode.BadRequest, 'The upload was interrupted before it was complete.', {
      cause: error,
    });
  }
  if (truncated()) {
    await rm(path, { force: true });
    throw uploadTooLarge(maxBytes);
  }
  if (bytes === 0) {
    await rm(path, { force: true });
    throw new AppException(ErrorCode.ValidationFailed, 'The upload is empty.', {
      errors: [{ field: 'body', code: 'empty', message: 'The file to import is empty.' }],
    });
  }
  return bytes;
}
