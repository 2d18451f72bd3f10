// Takes one uploaded file in for a file field: sniffs its type from the first bytes (before
// anything is stored), registers it in the ledger as pending, streams it to the store while
// counting and hashing it, stops at the size cap, and records its metadata. The caller gets
// an upload id that a record body then references; a failure leaves neither bytes nor row.

import { createHash, randomBytes } from 'node:crypto';
import { pipeline, Readable, Transform } from 'node:stream';
import { AppException, ErrorCode, fieldSentence, uuidV7 } from '@stagecraft/core';
import type { FileOptions } from '@stagecraft/schema';
import type { DataSource } from 'typeorm';
import { detectContentType, mimeMatches, SNIFF_BYTES, type DetectedContentType } from '../content/detect-type.js';
import { sanitizeOriginalName, storedFileName } from '../content/stored-name.js';
import { completeFile, forgetFile, insertPendingFile, type FileMeta } from '../ledger/stored-files.js';
import type { FileStorage } from '../storage/file-storage.js';
import { imageDimensions, THUMBABLE_TYPES } from '../thumbs/render-thumb.js';

/**
 * The first bytes kept to read an image's dimensions without a second pass. More than
 * IMAGE_HEADER_BYTES (one full EXIF segment): cameras stack EXIF, ICC and XMP segments before the size.
 */
const DIMENSIONS_HEAD_BYTES = 512 * 1024;

export interface IntakeTarget {
  readonly collectionId: string;
  readonly fieldId: string;
  readonly fieldName: string;
  readonly options: FileOptions;
}

export interface IncomingFile {
  readonly stream: Readable;
  readonly fileName: string | undefined;
  /** Set when a parser enforces its own cap and stopped short (a multipart file part). */
  readonly truncated?: () => boolean;
}

export interface AcceptedFile {
  readonly uploadId: string;
  readonly meta: FileMeta;
}

export const newUploadId = (): string => randomBytes(16).toString('base64url');

export const storageKeyFor = (collectionId: string, fileId: string, name: string): string =>
  `${collectionId}/${fileId}/${name}`;

/** Where a file and its thumbnails live: removing this prefix removes them all. */
export const storagePrefixOf = (storageKey: string): string => storageKey.slice(0, storageKey.lastIndexOf('/') + 1);

export function fileTooLarge(field: string, maxBytes: number): AppException {
  return new AppException(ErrorCode.PayloadTooLarge, `A file for ${field} is larger than ${maxBytes} bytes.`, {
    errors: [{ field, code: 'maxSize', message: fieldSentence(field, `accepts files of at most ${maxBytes} bytes`) }],
  });
}

/** The smaller of the field's maxSize and FILE_MAX_BYTES. */
export const sizeCapOf = (options: FileOptions, maxBytes: number): number =>
  Math.min(options.maxSize ?? maxBytes, maxBytes);

export class FileIntake {
  constructor(
    private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly maxBytes: number,
  ) {}

  /** `uploadId`: the id the record body will reference (a resumable upload keeps its own); new when absent. */
  async accept(
    target: IntakeTarget,
    file: IncomingFile,
    uploadedBy: string,
    uploadId: string = newUploadId(),
  ): Promise<AcceptedFile> {
    const cap = sizeCapOf(target.options, this.maxBytes);
    const { head, rest } = await readHead(file.stream, SNIFF_BYTES);
    let detected: DetectedContentType;
    try {
      detected = await checkHead(head, cap, target);
    } catch (error) {
      rest?.resume(); // the rest of a refused file is read and dropped, so the parser can go on
      throw error;
    }

    const originalName = sanitizeOriginalName(file.fileName ?? '');
    const id = uuidV7();
    const name = storedFileName(originalName, detected.ext);
    const storageKey = storageKeyFor(target.collectionId, id, name);
    await insertPendingFile(this.dataSource, {
      id,
      name,
      storageKey,
      collectionId: target.collectionId,
      fieldId: target.fieldId,
      uploadId,
      uploadedBy,
      originalName,
    });
    const measure = new MeasuringStream(cap, target.fieldName, DIMENSIONS_HEAD_BYTES);
    try {
      const body = rest === null ? Readable.from([head]) : Readable.from(concatenated(head, rest));
      await this.storage.put(
        storageKey,
        pipeline(body, measure, () => undefined),
        { contentType: detected.mime },
      );
      if (measure.failure) throw measure.failure;
      if (file.truncated?.()) throw fileTooLarge(target.fieldName, cap);
      const dimensions = (THUMBABLE_TYPES as readonly string[]).includes(detected.mime)
        ? await imageDimensions(measure.header())
        : null;
      const meta: FileMeta = {
        name,
        originalName,
        size: measure.bytes,
        type: detected.mime,
        checksum: `sha256:${measure.digest()}`,
        ...(dimensions ?? {}),
      };
      await completeFile(this.dataSource, id, meta);
      return { uploadId, meta };
    } catch (error) {
      await this.storage.remove(storageKey).catch(() => undefined);
      await forgetFile(this.dataSource, id).catch(() => undefined);
      const failure = measure.failure ?? error;
      throw failure instanceof AppException ? failure : interrupted(failure);
    }
  }
}

/** The sniffed type of a file's first bytes, or the 4xx that refuses the file before it is stored. */
async function checkHead(head: Buffer, cap: number, target: IntakeTarget): Promise<DetectedContentType> {
  if (head.length === 0) {
    throw new AppException(ErrorCode.ValidationFailed, `The file for ${target.fieldName} is empty.`, {
      errors: [
        {
          field: target.fieldName,
          code: 'empty',
          message: fieldSentence(target.fieldName, 'cannot take an empty file'),
        },
      ],
    });
  }
  if (head.length > cap) throw fileTooLarge(target.fieldName, cap);
  const detected = await detectContentType(head);
  const allowed = target.options.mimeTypes;
  if (allowed !== undefined && !mimeMatches(detected.mime, allowed)) {
    throw new AppException(
      ErrorCode.UnsupportedMediaType,
      fieldSentence(target.fieldName, `accepts ${allowed.join(', ')}; the content of this file is ${detected.mime}`),
      {
        errors: [
          {
            field: target.fieldName,
            code: 'mimeTypes',
            message: fieldSentence(target.fieldName, `does not accept ${detected.mime}`),
          },
        ],
      },
    );
  }
  return detected;
}

function interrupted(cause: unknown): AppException {
  return new AppException(ErrorCode.BadRequest, 'The upload was interrupted before it was complete.', { cause });
}

/** The first `bytes` of a stream, and the stream to continue from (null when it ended within them). */
async function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; rest: Readable | null }> {
  const chunks: Buffer[] = [];
  let length = 0;
  const iterator = stream[Symbol.asyncIterator]();
  while (length < bytes) {
    const next = (await iterator.next()) as IteratorResult<Buffer>;
    if (next.done === true) return { head: Buffer.concat(chunks), rest: null };
    chunks.push(next.value);
    length += next.value.length;
  }
  const rest = Readable.from({ [Symbol.asyncIterator]: () => iterator });
  return { head: Buffer.concat(chunks), rest };
}

async function* concatenated(head: Buffer, rest: Readable): AsyncGenerator<Buffer> {
  yield head;
  for await (const chunk of rest) yield chunk as Buffer;
}

/** Counts and hashes the bytes on their way to the store, keeping the first ones, and stops past the cap. */
class MeasuringStream extends Transform {
  bytes = 0;
  /** Why the stream stopped (the size cap), kept because a store may wrap the error it meets. */
  failure: AppException | undefined;
  private readonly hash = createHash('sha256');
  private readonly kept: Buffer[] = [];
  private keptBytes = 0;

  constructor(
    private readonly cap: number,
    private readonly field: string,
    private readonly keep: number,
  ) {
    super();
  }

  override _transform(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null, data?: Buffer) => void,
  ): void {
    this.bytes += chunk.length;
    if (this.bytes > this.cap) {
      this.failure = fileTooLarge(this.field, this.cap);
      callback(this.failure);
      return;
    }
    this.hash.update(chunk);
    if (this.keptBytes < this.keep) {
      this.kept.push(chunk.subarray(0, this.keep - this.keptBytes));
      this.keptBytes += Math.min(chunk.length, this.keep - this.keptBytes);
    }
    callback(null, chunk);
  }

  header(): Buffer {
    return Buffer.concat(this.kept);
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
