// The facts about the caller that sessions and rate limits record: IP (proxy headers are
// honoured only with TRUST_PROXY) and user agent.

import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { ClientContext } from '@stagecraft/auth';
import type { FastifyRequest } from 'fastify';

export const Client = createParamDecorator((_data: unknown, context: ExecutionContext): ClientContext => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
});
