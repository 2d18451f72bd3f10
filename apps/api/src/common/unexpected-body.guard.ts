// A route that declares no body refuses one. A DELETE or a body-less POST that was sent content
// (a client's mistake, or an attack) answers 400 instead of running as if it had not been. An
// empty JSON object, which some clients send by habit, is let through: it says nothing.

import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { AppException, ErrorCode } from '@stagecraft/core';
import type { FastifyRequest } from 'fastify';

/** Parameters through which a handler reads the body: @Body(), @RawBody(), or the request itself. */
const BODY_READERS = new Set<number>([RouteParamtypes.BODY, RouteParamtypes.RAW_BODY, RouteParamtypes.REQUEST]);

/** Whether the handler has a parameter that reads the request body. */
export function routeTakesBody(controller: object, handler: { name: string }): boolean {
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<string, unknown>;
  return Object.keys(args).some((key) => BODY_READERS.has(Number(key.split(':')[0])));
}

/** Content-Length above 0, or a chunked body. */
function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

const isEmptyObject = (body: unknown): boolean =>
  typeof body === 'object' && body !== null && !Array.isArray(body) && Object.keys(body).length === 0;

@Injectable()
export class UnexpectedBodyGuard implements CanActivate {
  private readonly takesBody = new WeakMap<object, boolean>();

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!carriesBody(request) || isEmptyObject(request.body)) return true;
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      takes = routeTakesBody(context.getClass(), handler);
      this.takesBody.set(handler, takes);
    }
    if (takes) return true;
    throw new AppException(
      ErrorCode.BadRequest,
      `${request.method} ${request.routeOptions.url ?? request.url} takes no request body; send none.`,
    );
  }
}
