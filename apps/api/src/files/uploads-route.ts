// /api/v1/uploads: the tus protocol (resumable uploads), handed to @tus/server on Fastify's raw
// request and response. The chunk bodies (application/offset+octet-stream) are left unread by
// Fastify, so @tus/server streams them to disk itself. Responses are tus's own; a refusal's
// body is a problem document (docs/files.md).

import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ResumableUploadsService, UPLOADS_PATH } from '@stagecraft/files';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TUS_CHUNK_TYPE = 'application/offset+octet-stream';

export function registerResumableUploads(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const uploads = (): ResumableUploadsService => app.get(ResumableUploadsService);
  fastify.addContentTypeParser(TUS_CHUNK_TYPE, (_request, _payload, done) => done(null, undefined));
  const handle = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.hijack();
    await uploads().server.handle(request.raw, reply.raw);
  };
  const methods = ['OPTIONS', 'HEAD', 'POST', 'PATCH', 'DELETE'] as const;
  fastify.route({ method: [...methods], url: UPLOADS_PATH, handler: handle });
  fastify.route({ method: [...methods], url: `${UPLOADS_PATH}/:id`, handler: handle });
}
