// Every route must say who may call it (@Public, @Authenticated, @AdminOnly or
// @OwnCredentials). This walks every controller method the running app registered and fails on
// any that does not.

import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { ACCESS_KEY } from '@stagecraft/auth';
import { createTestEnvironment, httpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';

describe('route access declarations', () => {
  let env: TestEnvironment;
  let api: RunningApi;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it('finds an explicit access level on every route handler', () => {
    const reflector = api.app.get(Reflector);
    const routes: { route: string; access: unknown }[] = [];
    const controllers = [...api.app.get(ModulesContainer).values()].flatMap((module) => [
      ...module.controllers.values(),
    ]);
    for (const wrapper of controllers) {
      const controller = wrapper.metatype as (new (...args: never[]) => object) | null;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue; // not a route
        routes.push({
          route: `${controller.name}.${name} ${String(Reflect.getMetadata(PATH_METADATA, handler))}`,
          access: reflector.getAllAndOverride(ACCESS_KEY, [handler, controller]),
        });
      }
    }
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => route.access === undefined).map((route) => route.route)).toEqual([]);
  });

  it('documents the security schemes of every protected operation', async () => {
    const document = (await httpClient(api.url).get('/api/docs/openapi.json')).body;
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    const publicOperations = new Set([
      'post /api/v1/auth/register',
      'post /api/v1/auth/login',
      'post /api/v1/auth/refresh',
      'get /api/v1/auth/setup',
      'post /api/v1/auth/setup',
      'post /api/v1/auth/verify-email',
      'post /api/v1/auth/password-reset/request',
      'post /api/v1/auth/password-reset',
    ]);
    const unsecured: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { security?: object[] }>>(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue; // e.g. shared `parameters`
        const key = `${method} ${path}`;
        const schemes = (operation.security ?? []).flatMap((entry) => Object.keys(entry));
        const secured = schemes.includes('bearer') && schemes.includes('apiKey');
        if (secured === publicOperations.has(key)) unsecured.push(key);
      }
    }
    expect(unsecured).toEqual([]);
  });
});
