// The HTTP side of a download: validators (ETag, If-None-Match), one byte range (206/416),
// caching by who may see the file, and the disposition. Active types (SVG, HTML, XML...) are
// always attachments under `Content-Security-Policy: sandbox`, so a stored file can never run
// script in the API's origin.

import { AppException, ErrorCode } from '@stagecraft/core';
import { isActiveType, type ByteRange, type ServedFile } from '@stagecraft/files';

export interface DownloadRequest {
  readonly range: string | undefined;
  readonly ifNoneMatch: string | undefined;
  readonly ifRange: string | undefined;
  readonly download: boolean;
}

export type DownloadPlan =
  | { readonly status: 304; readonly headers: Record<string, string> }
  | { readonly status: 200 | 206; readonly headers: Record<string, string>; readonly range: ByteRange | undefined };

/** Public files may sit in shared caches for a day; the others only in the caller's own, briefly. */
const PUBLIC_CACHE = 'public, max-age=86400';
const PRIVATE_CACHE = 'private, max-age=300';

function contentDisposition(kind: 'inline' | 'attachment', fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

const matches = (header: string | undefined, etag: string): boolean =>
  header !== undefined &&
  (header.trim() === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag));

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` against `size`; undefined for a header this server
 * ignores (several ranges, another unit: the whole file is sent, as RFC 9110 allows), a 416
 * for a range wholly past the end.
 */
export function parseRange(header: string, size: number): ByteRange | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw unsatisfiable(size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (end < start && match[2] !== '') return undefined; // a malformed range is ignored
  }
  if (start >= size) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): AppException {
  return new AppException(ErrorCode.RangeNotSatisfiable, `The range starts past the end of the file (${size} bytes).`, {
    headers: { 'Content-Range': `bytes */${size}` },
  });
}

export function planDownload(object: ServedFile, request: DownloadRequest): DownloadPlan {
  const active = isActiveType(object.type);
  const headers: Record<string, string> = {
    'content-type': object.type,
    etag: object.etag,
    'cache-control': object.public ? PUBLIC_CACHE : PRIVATE_CACHE,
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'content-disposition': contentDisposition(active || request.download ? 'attachment' : 'inline', object.fileName),
  };
  if (active) headers['content-security-policy'] = 'sandbox';
  if (matches(request.ifNoneMatch, object.etag)) return { status: 304, headers };
  // If-Range with another validator: the file changed, so the whole of it is sent.
  const rangeApplies =
    request.range !== undefined && (request.ifRange === undefined || request.ifRange === object.etag);
  const range = rangeApplies ? parseRange(request.range, object.size) : undefined;
  if (range === undefined)
    return { status: 200, headers: { ...headers, 'content-length': String(object.size) }, range };
  return {
    status: 206,
    headers: {
      ...headers,
      'content-length': String(range.end - range.start + 1),
      'content-range': `bytes ${range.start}-${range.end}/${object.size}`,
    },
    range,
  };
}
