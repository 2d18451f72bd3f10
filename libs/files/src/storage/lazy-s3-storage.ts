// The S3 driver behind a stand-in that loads it, and the AWS SDK with it, on first use: the SDK
// keeps about 4 MiB resident, which a process storing files locally (the default) never needs,
// and `createFileStorage` stays synchronous for its callers.

import type { Readable } from 'node:stream';
import type { ByteRange, FileStorage, PutOptions, SignedUrlOptions, StoredObject } from './file-storage.js';
import type { S3StorageOptions } from './s3-storage.js';

export class LazyS3Storage implements FileStorage {
  readonly driver = 's3';
  private loading: Promise<FileStorage> | undefined;

  constructor(private readonly options: S3StorageOptions) {}

  private storage(): Promise<FileStorage> {
    this.loading ??= import('./s3-storage.js').then(({ S3FileStorage }) => new S3FileStorage(this.options));
    return this.loading;
  }

  async put(key: string, body: Readable | Buffer, options: PutOptions): Promise<number> {
    return (await this.storage()).put(key, body, options);
  }

  async read(key: string, range?: ByteRange): Promise<Readable> {
    return (await this.storage()).read(key, range);
  }

  async stat(key: string): Promise<StoredObject | null> {
    return (await this.storage()).stat(key);
  }

  async remove(key: string): Promise<void> {
    return (await this.storage()).remove(key);
  }

  async removePrefix(prefix: string): Promise<number> {
    return (await this.storage()).removePrefix(prefix);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    yield* (await this.storage()).list(prefix);
  }

  async move(from: string, to: string): Promise<void> {
    return (await this.storage()).move(from, to);
  }

  async signedUrl(key: string, options: SignedUrlOptions): Promise<string | null> {
    return (await this.storage()).signedUrl(key, options);
  }

  /** Nothing to close when the driver was never loaded. */
  async close(): Promise<void> {
    if (this.loading) await (await this.loading).close();
  }
}
