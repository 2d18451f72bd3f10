// The query of a download (`thumb`, `download`, `token`), checked by hand: downloads are a hot
// path (a cached thumbnail is served in well under a millisecond), and the DTO pipeline
// (class-transformer, class-validator) cost more than the rest of the handler's own code.
// Unknown parameters are refused like everywhere else.

import { applyDecorators } from '@nestjs/common';
import { ApiQuery, type ApiQueryOptions } from '@nestjs/swagger';
import { AppException, ErrorCode, fieldSentence, type FieldError } from '@stagecraft/core';

export interface DownloadQuery {
  readonly thumb?: string;
  readonly download: boolean;
  readonly token?: string;
}

const THUMB = /^[0-9]{1,4}x[0-9]{1,4}[tbf]?$/;
const TOKEN_MAX_LENGTH = 2048;

/** The parameters as the OpenAPI document lists them. */
const DOWNLOAD_QUERY_PARAMETERS: readonly ApiQueryOptions[] = [
  {
    name: 'thumb',
    required: false,
    description: 'A thumbnail preset of the field (e.g. `100x100`); a file that is not a raster image is sent as it is',
    schema: { type: 'string', pattern: THUMB.source, maxLength: 10 },
  },
  {
    name: 'download',
    required: false,
    description: '`1`: send as an attachment (save) rather than inline',
    schema: { type: 'string', enum: ['1', 'true'] },
  },
  {
    name: 'token',
    required: false,
    description: 'A file token (POST /files/token), for links that cannot send an Authorization header',
    schema: { type: 'string', maxLength: TOKEN_MAX_LENGTH },
  },
];

/** Documents the download's query parameters (the handler reads them with parseDownloadQuery). */
export const DownloadQueryParameters = (): MethodDecorator =>
  applyDecorators(...DOWNLOAD_QUERY_PARAMETERS.map((options) => ApiQuery(options)));

export function parseDownloadQuery(query: Record<string, unknown>): DownloadQuery {
  const errors: FieldError[] = [];
  const text = (name: string): string | undefined => {
    const value = query[name];
    if (value === undefined || typeof value === 'string') return value;
    errors.push({ field: name, code: 'type', message: fieldSentence(name, 'must be given once') });
    return undefined;
  };
  const thumb = text('thumb');
  const download = text('download');
  const token = text('token');
  if (thumb !== undefined && !THUMB.test(thumb))
    errors.push({
      field: 'thumb',
      code: 'pattern',
      message: fieldSentence('thumb', 'must be a preset such as 100x100'),
    });
  if (download !== undefined && download !== '1' && download !== 'true')
    errors.push({ field: 'download', code: 'enum', message: fieldSentence('download', 'must be 1 or true') });
  if (token !== undefined && token.length > TOKEN_MAX_LENGTH)
    errors.push({
      field: 'token',
      code: 'maxLength',
      message: fieldSentence('token', `must be at most ${TOKEN_MAX_LENGTH} characters long`),
    });
  for (const name of Object.keys(query)) {
    if (name !== 'thumb' && name !== 'download' && name !== 'token')
      errors.push({ field: name, code: 'whitelist', message: fieldSentence(name, 'is not expected here; remove it') });
  }
  if (errors.length > 0) {
    throw new AppException(ErrorCode.ValidationFailed, errors.map((error) => error.message).join(' '), { errors });
  }
  return { thumb, download: download !== undefined, token };
}
