// Every route the running API serves, found from Nest's registered controllers: the handler,
// its HTTP method and its full path as Fastify serves it. The route inventory tests walk it,
// so a new route is covered by them without being listed anywhere.

import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACCESS_KEY, type AccessLevel } from '@stagecraft/auth';
import type { HTTPMethods } from 'fastify';
import { routeTakesBody } from '../../src/common/unexpected-body.guard.js';

export interface RegisteredRoute {
  /** `RecordsController.create` */
  readonly name: string;
  readonly controller: new (...args: never[]) => object;
  readonly handler: (...args: never[]) => unknown;
  readonly method: HTTPMethods;
  /** As Fastify matches it: `/api/v1/collections/:collection/records`. */
  readonly path: string;
  /** Whether the handler reads a request body (@Body(), or the request itself for uploads). */
  readonly takesBody: boolean;
  /** Who may call it (@Public() and the like, on the handler or its controller); undefined: undeclared. */
  readonly access: AccessLevel | undefined;
}

/** Controller and method paths (a string, or a list of them) joined without stray slashes. */
const segments = (paths: readonly (string | string[] | undefined)[]): string =>
  paths
    .flat()
    .map((part = '') => part.replace(/^\/+|\/+$/g, ''))
    .filter((part) => part !== '')
    .join('/');

/** Global prefix and version as the app applies them; the one Fastify knows is the route's. */
const PREFIXES = ['/api/v1', '/api', '/v1', ''];

export function registeredRoutes(app: NestFastifyApplication): RegisteredRoute[] {
  const fastify = app.getHttpAdapter().getInstance();
  const routes: RegisteredRoute[] = [];
  const controllers = [...app.get(ModulesContainer).values()].flatMap((module) => [...module.controllers.values()]);
  for (const wrapper of controllers) {
    const controller = wrapper.metatype as RegisteredRoute['controller'] | null;
    if (!controller) continue;
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (requestMethod === undefined) continue; // not a route
      // @All() routes (a function's HTTP trigger) answer every method: walked as POST, with a body.
      const method: HTTPMethods = requestMethod === RequestMethod.ALL ? 'POST' : RequestMethod[requestMethod];
      const path = segments([
        Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined,
        Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined,
      ]);
      const candidates = PREFIXES.map((prefix) => `${prefix}/${path}`.replace(/\/$/, '') || '/').filter((url) =>
        fastify.hasRoute({ method, url }),
      );
      // Whenever the console is built, `/` is its redirect and `/api/graphql` its GraphiQL page:
      // not Nest routes, though the API index (path '') and GET graphql would match them too.
      const served =
        candidates.length > 1 ? candidates.filter((url) => url !== '/' && url !== '/api/graphql') : candidates;
      if (served.length !== 1) {
        throw new Error(`${controller.name}.${name}: ${method} ${path} is served at ${served.length} paths`);
      }
      routes.push({
        name: `${controller.name}.${name}`,
        controller,
        handler: handler as RegisteredRoute['handler'],
        method,
        path: served[0] as string,
        takesBody: routeTakesBody(controller, handler),
        access: (Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, controller)) as
          AccessLevel | undefined,
      });
    }
  }
  return routes;
}
