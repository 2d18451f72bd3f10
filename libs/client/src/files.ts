// Files of records: download and thumbnail URLs, file tokens for `<img src>` and links (which
// cannot send an Authorization header), and uploads, resumable for big files (docs/files.md).

import type { Http } from './http.js';
import { uploadResumable, type UploadOptions, type UploadReference } from './resumable-upload.js';
import type { CollectionName, FileFieldName, FileObject } from './schema-types.js';

export interface FileUrlOptions {
  /** One of the field's thumbnail presets (`100x100`, `640x0` …): a WebP thumbnail of an image. */
  readonly thumb?: string;
  /** Served as an attachment rather than inline. */
  readonly download?: boolean;
  /** A file token of the record, for callers whose requests carry no credentials. */
  readonly token?: string;
}

export interface FileToken {
  readonly token: string;
  /** Seconds it stays valid. */
  readonly expiresIn: number;
}

type RecordRef = string | { readonly id: string };
const idOf = (record: RecordRef): string => (typeof record === 'string' ? record : record.id);

export class Files<S> {
  constructor(private readonly http: Http) {}

  url(
    collection: CollectionName<S>,
    record: RecordRef,
    file: string | FileObject,
    options: FileUrlOptions = {},
  ): string {
    const name = typeof file === 'string' ? file : file.name;
    const { thumb, download, token } = options;
    return this.http.url(`/api/v1/files/${collection}/${idOf(record)}/${encodeURIComponent(name)}`, {
      thumb,
      download: download ? 1 : undefined,
      token,
    });
  }

  /** A token that opens this record's files for a short while (FILE_TOKEN_TTL_SECONDS). */
  async token(collection: CollectionName<S>, record: RecordRef): Promise<FileToken> {
    const answer = await this.http.request<{ token: string; expires_in: number }>('POST', '/api/v1/files/token', {
      body: { collection, record_id: idOf(record) },
    });
    return { token: answer.token, expiresIn: answer.expires_in };
  }

  /**
   * Uploads a file for a collection's file field through tus, resuming after failures; put the
   * answer in that field of a create or update (`{ video: await files.upload(…) }`).
   */
  upload<C extends CollectionName<S>>(
    collection: C,
    field: FileFieldName<S, C>,
    file: Blob,
    options?: UploadOptions,
  ): Promise<UploadReference> {
    return uploadResumable(this.http, { collection, field }, file, options);
  }
}
