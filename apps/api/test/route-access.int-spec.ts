// Every route must say who may call it (@Public, @Authenticated, @AdminOnly or
// @OwnCredentials). This walks every controller method the running app registered
// (support/routes.ts) and fails on any that does not.

import { createTestEnvironment, httpClient, type TestEnvironment } from '@stagecraft/testing';
import { registeredRoutes } from './support/routes.js';
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
    const routes = registeredRoutes(api.app);
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((route) => route.access === undefined).map((route) => `${route.name} ${route.path}`)).toEqual(
      [],
    );
  });

  it('documents the security schemes of every protected operation', async () => {
    const document = (await httpClient(api.url).get('/api/docs/openapi.json')).body;
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    });
    const publicOperations = new Set([
      'get /api/v1',
      'post /api/v1/auth/register',
      'post /api/v1/auth/login',
      'post /api/v1/auth/refresh',
      'get /api/v1/auth/setup',
      'post /api/v1/auth/setup',
      'post /api/v1/auth/verify-email',
      'post /api/v1/auth/password-reset/request',
      'post /api/v1/auth/password-reset',
      'post /api/v1/auth/mfa/verify',
      'post /api/v1/auth/mfa/webauthn/options',
      'post /api/v1/auth/passkeys/options',
      'post /api/v1/auth/passkeys/login',
      'get /api/v1/auth/methods',
      'get /api/v1/auth/oauth/{provider}',
      'get /api/v1/auth/oauth/{provider}/callback',
      'post /api/v1/auth/oauth/exchange',
    ]);
    const unsecured: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, { security?: object[] }>>(document.paths)) {
      if (path !== '/api/v1' && !path.startsWith('/api/v1/')) continue;
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
