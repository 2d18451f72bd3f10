// Request bodies of upload routes (the import) reach the handler as streams, never buffered
// or parsed: a raw body of any content type, or the `file` part of a multipart form. Other
// routes keep the JSON parser (common/json-body.ts) and its BODY_LIMIT_BYTES; the upload's own
// cap is IMPORT_MAX_BYTES, enforced while the file is written.

import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from '@stagecraft/config';
import { AppException, ErrorCode } from '@stagecraft/core';
import type { Upload } from '@stagecraft/transfer';
import { errorCodes, type FastifyReply, type FastifyRequest, type HookHandlerDoneFunction } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';

/** Route config (`@RouteConfig(STREAMED_UPLOAD)`) marking a route whose body is an upload. */
export const STREAMED_UPLOAD = { streamedUpload: true } as const;

/** The content type raw upload bodies are parsed as: the stream is handed over untouched. */
const UPLOAD_MEDIA_TYPE = 'application/vnd.stagecraft.upload';
const FILE_PART = 'file';

/** What the client said its raw body was, before the hook below relabelled it. */
const declaredTypes = new WeakMap<IncomingMessage, string | undefined>();

const isUploadRoute = (request: FastifyRequest): boolean =>
  (request.routeOptions.config as { streamedUpload?: boolean } | undefined)?.streamedUpload === true;

export async function registerUploadBodies(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  await app.register(multipart, { limits: { fileSize: config.files.importMaxBytes, files: 1 } });
  const fastify = app.getHttpAdapter().getInstance();
  // On upload routes every raw body (CSV, NDJSON, JSON, or none said) is relabelled so the
  // stream parser below takes it instead of the type's usual parser. The hook is attached to
  // those routes only (as they are registered), so other requests pay nothing for it.
  fastify.addHook('onRoute', (route) => {
    if ((route.config as { streamedUpload?: boolean } | undefined)?.streamedUpload !== true) return;
    const existing = route.onRequest === undefined ? [] : [route.onRequest].flat();
    route.onRequest = [...existing, relabelRawBody];
  });
  fastify.addContentTypeParser(UPLOAD_MEDIA_TYPE, (request, payload, done) => {
    if (isUploadRoute(request)) done(null, payload);
    else done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
  });
}

function relabelRawBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const type = request.headers['content-type'];
  if (!type?.toLowerCase().startsWith('multipart/form-data')) {
    declaredTypes.set(request.raw, type);
    request.headers['content-type'] = UPLOAD_MEDIA_TYPE;
  }
  done();
}

/**
 * The body as a stream of its own. A refused upload (over IMPORT_MAX_BYTES) destroys the stream
 * it was reading; destroying the request itself would close the connection before the 413 is
 * written, with the rest of the body unread. Unpiped, the request is drained instead (unread-body.ts).
 */
function detached(body: Readable): Readable {
  const stream = new PassThrough();
  body.once('error', (error) => stream.destroy(error));
  body.once('close', () => {
    if (!body.readableEnded) stream.destroy(new Error('the request closed before its body ended'));
  });
  return body.pipe(stream);
}

/** Opens the upload of a request on an upload route: the multipart `file` part or the raw body. */
export async function openUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) {
    const length = request.headers['content-length'];
    return {
      stream: detached(request.body as Readable),
      contentType: declaredTypes.get(request.raw),
      declaredBytes: length === undefined ? undefined : Number(length),
    };
  }
  let part;
  try {
    part = await request.file();
  } catch (error) {
    throw new AppException(ErrorCode.BadRequest, `The multipart body cannot be read (${(error as Error).message}).`, {
      cause: error,
    });
  }
  if (part?.fieldname !== FILE_PART) {
    throw new AppException(ErrorCode.ValidationFailed, `Send the file in a multipart part named "${FILE_PART}".`, {
      errors: [{ field: FILE_PART, code: 'required', message: `A file part named "${FILE_PART}" is required.` }],
    });
  }
  const file = part.file;
  return { stream: file, contentType: part.mimetype, fileName: part.filename, truncated: () => file.truncated };
}
