// The S3 driver: objects in one bucket of AWS S3 or any S3-compatible store, optionally under
// a key prefix, through AWS SDK v3; downloads can go straight to the store by signed URL.

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
  type _Object,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Readable } from 'node:stream';
import {
  assertStorageKey,
  StorageObjectMissing,
  type ByteRange,
  type FileStorage,
  type PutOptions,
  type SignedUrlOptions,
  type StoredObject,
} from './file-storage.js';

export interface S3StorageOptions {
  /** Omitted for AWS itself; the URL of any other S3-compatible store. */
  readonly endpoint?: string;
  readonly region: string;
  readonly bucket: string;
  /** Both omitted: the SDK's default chain (environment, profile, instance role). */
  readonly accessKeyId?: string;
  readonly secretAccessKey?: string;
  /** `https://host/bucket/key` rather than `https://bucket.host/key`; most non-AWS stores want it. */
  readonly forcePathStyle: boolean;
  /** A folder inside the bucket that holds every key, e.g. `stagecraft/`. */
  readonly prefix?: string;
}

/** DeleteObjects takes at most this many keys per request. */
const DELETE_BATCH = 1000;

function isMissing(error: unknown): boolean {
  return (
    error instanceof S3ServiceException &&
    (error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata.httpStatusCode === 404)
  );
}

/** The body of a put, counting the bytes that pass and remembering why the source failed, if it did. */
class CountedBody {
  bytes = 0;
  failure: { readonly error: unknown } | undefined;

  constructor(private readonly source: Readable) {}

  async *chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of this.source as AsyncIterable<Buffer | string>) {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        this.bytes += bytes.length;
        yield bytes;
      }
    } catch (error) {
      this.failure = { error };
      throw error;
    }
  }
}

/**
 * The first `length` bytes of `body`. Some S3-compatible stores answer a range with more than
 * was asked (s3rver 3.7 sends the whole object for `bytes=0-0`); callers rely on the length.
 */
function limitTo(body: Readable, length: number): Readable {
  return Readable.from(
    (async function* () {
      let left = length;
      for await (const chunk of body as AsyncIterable<Buffer>) {
        yield chunk.length < left ? chunk : chunk.subarray(0, left);
        left -= chunk.length;
        if (left <= 0) return;
      }
    })(),
  );
}

/** A bucket-relative key as CopySource wants it: each segment URI-encoded, `/` kept. */
const encodeKey = (key: string): string => key.split('/').map(encodeURIComponent).join('/');

/** `stagecraft` and `stagecraft/` both mean the folder `stagecraft/`; none means the bucket root. */
function normalizePrefix(prefix = ''): string {
  if (prefix.startsWith('/')) throw new Error(`S3 key prefix ${JSON.stringify(prefix)} must not start with /`);
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}

export class S3FileStorage implements FileStorage {
  readonly driver = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    const { endpoint, region, bucket, accessKeyId, secretAccessKey, forcePathStyle } = options;
    // Half a key pair would silently fall back to the SDK's default chain.
    if (!accessKeyId !== !secretAccessKey)
      throw new Error('S3 storage needs both accessKeyId and secretAccessKey, or neither');
    this.bucket = bucket;
    this.prefix = normalizePrefix(options.prefix);
    this.client = new S3Client({
      endpoint,
      region,
      forcePathStyle,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    });
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<number> {
    const Key = this.objectKey(key);
    if (Buffer.isBuffer(body)) {
      await this.upload(Key, body, options);
      return body.length;
    }
    const counted = new CountedBody(body);
    try {
      await this.upload(Key, Readable.from(counted.chunks()), options);
    } catch (error) {
      body.destroy();
      // When aborting the multipart upload fails too, lib-storage throws that error instead:
      // the body's own failure (a client that went away) is the one worth reporting.
      throw counted.failure ? counted.failure.error : error;
    }
    return counted.bytes;
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      Range: range ? `bytes=${range.start}-${range.end}` : undefined,
    });
    const response = await this.client.send(command).catch((error: unknown) => {
      throw isMissing(error) ? new StorageObjectMissing(key) : error;
    });
    if (!(response.Body instanceof Readable)) throw new Error(`S3 returned no body stream for ${key}`);
    const length = range ? range.end - range.start + 1 : undefined;
    return length !== undefined && (response.ContentLength ?? 0) > length
      ? limitTo(response.Body, length)
      : response.Body;
  }

  async stat(key: string): Promise<StoredObject | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return { key, size: head.ContentLength ?? 0, lastModified: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async remove(key: string): Promise<void> {
    // S3 answers 204 for a missing key too; some compatible stores answer 404.
    await this.client
      .send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }))
      .catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
  }

  async removePrefix(prefix: string): Promise<number> {
    assertStorageKey(prefix, { prefix: true });
    let removed = 0;
    for await (const page of this.pages(prefix)) {
      for (let start = 0; start < page.length; start += DELETE_BATCH) {
        const keys = page.slice(start, start + DELETE_BATCH).map(({ Key }) => ({ Key }));
        const result = await this.client.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys, Quiet: true } }),
        );
        const failed = result.Errors ?? [];
        if (failed.length > 0) {
          const first = failed[0];
          throw new Error(`S3 refused to delete ${failed.length} objects, e.g. ${first?.Key}: ${first?.Code}`);
        }
        removed += keys.length;
      }
    }
    return removed;
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    assertStorageKey(prefix, { prefix: true });
    for await (const page of this.pages(prefix)) {
      for (const object of page) {
        yield {
          key: object.Key.slice(this.prefix.length),
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
        };
      }
    }
  }

  async move(from: string, to: string): Promise<void> {
    const source = this.objectKey(from);
    const target = this.objectKey(to);
    // S3 refuses to copy an object onto itself unchanged.
    if (from === to) {
      if ((await this.stat(from)) === null) throw new StorageObjectMissing(from);
      return;
    }
    const copy = new CopyObjectCommand({
      Bucket: this.bucket,
      Key: target,
      CopySource: `${encodeURIComponent(this.bucket)}/${encodeKey(source)}`,
    });
    await this.client.send(copy).catch((error: unknown) => {
      throw isMissing(error) ? new StorageObjectMissing(from) : error;
    });
    await this.remove(from);
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string | null> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      ResponseContentDisposition: options.contentDisposition,
      ResponseContentType: options.contentType,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  close(): Promise<void> {
    this.client.destroy();
    return Promise.resolve();
  }

  /** One PutObject for a small body, else a multipart upload that is aborted if it fails. */
  private async upload(Key: string, Body: Readable | Buffer, options: PutOptions): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key, Body, ContentType: options.contentType },
    });
    await upload.done();
  }

  private objectKey(key: string): string {
    assertStorageKey(key);
    return this.prefix + key;
  }

  /**
   * The objects under `prefix`, a listing page at a time. Each page starts after the last key
   * seen rather than at a continuation token, so deleting a page's objects while paging (as
   * removePrefix does) cannot make a store that counts positions skip any.
   */
  private async *pages(prefix: string): AsyncGenerator<(_Object & { Key: string })[]> {
    let startAfter: string | undefined;
    for (;;) {
      const response = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix + prefix, StartAfter: startAfter }),
      );
      const objects = (response.Contents ?? []).filter((object): object is _Object & { Key: string } =>
        Boolean(object.Key),
      );
      const last = objects.at(-1);
      if (last) yield objects;
      if (!response.IsTruncated || !last) return;
      startAfter = last.Key;
    }
  }
}
