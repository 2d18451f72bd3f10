// The one small interface both storage drivers implement (local disk under FILES_DIR, and any
// S3-compatible store). Keys are relative paths made by Stagecraft, never by clients:
// `<collection id>/<file id>/<stored name>`, thumbnails beside them under `thumbs/`.

import type { Readable } from 'node:stream';

export type StorageDriverName = 'local' | 's3';

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface PutOptions {
  /** The media type stored with the object (S3 serves it on signed downloads). */
  readonly contentType: string;
}

export interface SignedUrlOptions {
  readonly expiresInSeconds: number;
  /** Sent back as Content-Disposition by the store. */
  readonly contentDisposition?: string;
  readonly contentType?: string;
}

export interface FileStorage {
  readonly driver: StorageDriverName;
  /** Writes the whole body under `key` (replacing any object there); returns the bytes written. */
  put(key: string, body: Readable | Buffer, options: PutOptions): Promise<number>;
  /** The object's bytes, or only `range` of them; a StorageObjectMissing error when absent. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Size and modification time, or null when there is no such object. */
  stat(key: string): Promise<StoredObject | null>;
  /** Removes the object; removing a missing one is not an error. */
  remove(key: string): Promise<void>;
  /** Removes every object whose key starts with `prefix` (which ends with `/`); returns how many. */
  removePrefix(prefix: string): Promise<number>;
  /** Every object under `prefix`, in no particular order. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** Moves an object to a new key (rename on disk, copy and delete on S3). */
  move(from: string, to: string): Promise<void>;
  /** A time-limited URL the client can fetch directly, or null when the driver has none (local). */
  signedUrl(key: string, options: SignedUrlOptions): Promise<string | null>;
  /** Releases connections; the storage is not used afterwards. */
  close(): Promise<void>;
}

/** Thrown by `read` (and `move`) when the key names no object. */
export class StorageObjectMissing extends Error {
  constructor(readonly key: string) {
    super(`No stored object ${key}`);
    this.name = 'StorageObjectMissing';
  }
}

const KEY_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Keys are checked by both drivers before any I/O: relative, `/`-separated segments of
 * letters, digits, `.`, `_` and `-`, none of them `.` or `..` (a segment never starts with
 * `.`, which leaves such names free for the drivers' own temporary files). A key that fails
 * is a bug in Stagecraft (clients never choose keys), so it throws a plain Error.
 *
 * A prefix must end with `/`: without it `a/b` would match `a/bc/…` on S3 but only the
 * folder `a/b/` on disk, and the two drivers would remove different objects.
 */
export function assertStorageKey(key: string, { prefix = false } = {}): void {
  const body = prefix ? key.slice(0, -1) : key;
  const valid =
    key.length > 0 &&
    key.length <= 1024 &&
    (!prefix || key.endsWith('/')) &&
    body.split('/').every((segment) => KEY_SEGMENT.test(segment));
  if (!valid) throw new Error(`Invalid storage ${prefix ? 'prefix' : 'key'} ${JSON.stringify(key)}`);
}
