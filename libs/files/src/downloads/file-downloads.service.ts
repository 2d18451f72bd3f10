// Opens an allowed download: the original, or a thumbnail of one of the field's presets
// (made on first request, then kept next to the original). What it hands back is enough for
// the HTTP edge to answer validators and ranges without reading the store first.

import { Inject, Injectable } from '@nestjs/common';
import type { FileScope, Principal } from '@stagecraft/auth';
import { APP_CONFIG, type AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import type { Readable } from 'node:stream';
import { FileStore } from '../file-storage.provider.js';
import { StorageObjectMissing, type ByteRange } from '../storage/file-storage.js';
import { ThumbnailsService } from '../thumbs/thumbnails.service.js';
import { FileAccessService, type FileAddress, type LocatedFile } from './file-access.service.js';

/** What is sent, as the HTTP edge needs it to answer validators and ranges. */
export interface ServedFile {
  readonly size: number;
  readonly type: string;
  readonly etag: string;
  /** The name offered to save the file under. */
  readonly fileName: string;
  /** Anyone may fetch it: shared caches may keep it. */
  readonly public: boolean;
}

export interface OpenedFile {
  readonly file: ServedFile;
  /** The bytes, or `range` of them: from memory when this process holds them, else streamed from the store. */
  read(range?: ByteRange): Promise<Readable | Buffer>;
  /** With S3_SIGNED_DOWNLOADS on S3: where to redirect; otherwise null. */
  signedUrl(contentDisposition: string): Promise<string | null>;
}

const SIGNED_URL_SECONDS = 300;

@Injectable()
export class FileDownloadsService {
  constructor(
    readonly access: FileAccessService,
    private readonly store: FileStore,
    private readonly thumbnails: ThumbnailsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The record a file URL names, as file tokens scope it. */
  async scopeOf(address: FileAddress): Promise<FileScope> {
    const collection = await this.access.collection(undefined, address.collection);
    return { collectionId: collection.definition.id, recordId: address.recordId };
  }

  async open(principal: Principal | undefined, address: FileAddress, thumb: string | undefined): Promise<OpenedFile> {
    const located = await this.access.locate(principal, address);
    const target = thumb === undefined ? null : await this.thumbnails.thumbnail(located, thumb);
    const key = target?.storageKey ?? located.storageKey;
    const file: ServedFile = {
      size: target?.size ?? located.meta.size,
      type: target?.type ?? located.meta.type,
      etag: etagOf(located, target === null ? null : (thumb as string)),
      fileName: target === null ? located.meta.originalName : thumbName(located.meta.originalName, thumb as string),
      public: located.public,
    };
    const storage = this.store.storage;
    const signed = this.config.files.storage.driver === 's3' && this.config.files.storage.signedDownloads;
    return {
      file,
      read: (range) => {
        const held = target?.data;
        if (held === undefined)
          return storage.read(key, range).catch((error: unknown) => {
            throw gone(error, address);
          });
        return Promise.resolve(range === undefined ? held : held.subarray(range.start, range.end + 1));
      },
      signedUrl: (contentDisposition) =>
        signed
          ? storage.signedUrl(key, { expiresInSeconds: SIGNED_URL_SECONDS, contentDisposition, contentType: file.type })
          : Promise.resolve(null),
    };
  }
}

/** A file removed between the access check and the read (its record deleted meanwhile) is a 404, not a 500. */
function gone(error: unknown, address: FileAddress): unknown {
  if (!(error instanceof StorageObjectMissing)) return error;
  return new AppException(
    ErrorCode.NotFound,
    `No file ${address.name} on record ${address.recordId} of "${address.collection}".`,
  );
}

/** Stored names never change content, so the checksum (and the preset) makes a strong validator. */
function etagOf(located: LocatedFile, preset: string | null): string {
  const digest = located.meta.checksum.replace(/^sha256:/, '').slice(0, 32);
  return preset === null ? `"${digest}"` : `"${digest}-${preset}"`;
}

function thumbName(originalName: string, preset: string): string {
  const dot = originalName.lastIndexOf('.');
  const base = dot > 0 ? originalName.slice(0, dot) : originalName;
  return `${base}-${preset}.webp`;
}
