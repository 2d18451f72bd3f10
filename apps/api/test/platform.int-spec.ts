// The platform every endpoint stands on, through real HTTP against real PostgreSQL and Redis:
// health, problem+json errors, request ids, limits, security headers, CORS, metrics and docs.

import SwaggerParser from '@apidevtools/swagger-parser';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('API platform', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ CORS_ORIGINS: 'https://app.example.com', BODY_LIMIT_BYTES: '1048576' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('health', () => {
    it('answers liveness', async () => {
      const response = await http.get('/health/live');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'ok' });
    });

    it('is ready when PostgreSQL, Redis and the worker are up', async () => {
      const response = await http.get('/health/ready');
      expect(response.status).toBe(200);
      expect(response.body.checks).toMatchObject({
        postgres: { status: 'up' },
        redis: { status: 'up' },
        worker: { status: 'up' },
      });
    });
  });

  describe('errors are problem documents', () => {
    const bigBody = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });

    it.each([
      { name: 'an unknown route', method: 'GET', path: '/api/v1/nothing-here', status: 404, code: 'ROUTE_NOT_FOUND' },
      {
        name: 'an unknown method on a known path',
        method: 'DELETE',
        path: '/health/live',
        status: 404,
        code: 'ROUTE_NOT_FOUND',
      },
      {
        name: 'a malformed JSON body',
        method: 'POST',
        path: '/api/v1/anything',
        body: '{"title": ',
        status: 400,
        code: 'MALFORMED_JSON',
      },
      {
        name: 'a 2 MB body',
        method: 'POST',
        path: '/api/v1/anything',
        body: bigBody,
        status: 413,
        code: 'PAYLOAD_TOO_LARGE',
      },
    ])('$name → $status $code', async ({ method, path, body, status, code }) => {
      const response = await http.request(method, path, { raw: body });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe(PROBLEM);
      const problem = response.body;
      expect(problem).toMatchObject({ status, code, type: expect.stringMatching(/^urn:stagecraft:problem:/) });
      expect(typeof problem.title).toBe('string');
      expect(typeof problem.detail).toBe('string');
      expect(problem.requestId).toBe(response.headers.get('x-request-id'));
      expect(JSON.stringify(problem)).not.toMatch(/at .*\.(js|ts):\d+/); // no stack traces
    });
  });

  describe('request ids', () => {
    it('keeps a well-formed X-Request-Id from the caller', async () => {
      const response = await http.get('/api/v1/missing', { headers: { 'x-request-id': 'client-req-42' } });
      expect(response.headers.get('x-request-id')).toBe('client-req-42');
      expect(response.body.requestId).toBe('client-req-42');
    });

    it('replaces a malformed X-Request-Id with a fresh one', async () => {
      const response = await fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'bad id with spaces' } });
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('security headers and CORS', () => {
    it('sends helmet headers', async () => {
      const response = await fetch(`${api.url}/health/live`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    });

    it.each([
      { origin: 'https://app.example.com', allowed: 'https://app.example.com' },
      { origin: 'https://evil.example.net', allowed: null },
    ])('answers CORS for $origin with $allowed', async ({ origin, allowed }) => {
      const response = await fetch(`${api.url}/health/live`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed);
    });
  });

  describe('metrics', () => {
    it('reports request durations by route pattern and status, and process metrics', async () => {
      await fetch(`${api.url}/health/live`);
      await fetch(`${api.url}/api/v1/missing`);
      const response = await fetch(`${api.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\/health\/live",status_code="200"\} \d+/,
      );
      expect(text).toMatch(
        /http_request_duration_seconds_count\{method="GET",route="\(unmatched\)",status_code="404"\} \d+/,
      );
      expect(text).toContain('process_cpu_user_seconds_total');
    });

    it('is open, and documented as open, when METRICS_TOKEN is unset', async () => {
      const document = (await http.get('/api/docs/openapi.json')).body;
      expect(document.paths['/metrics'].get.security).toBeUndefined();
      expect(document.components.securitySchemes.metricsToken).toBeUndefined();
    });
  });

  describe('docs', () => {
    it('serves a valid OpenAPI 3.1 document', async () => {
      const response = await http.get('/api/docs/openapi.json');
      expect(response.status).toBe(200);
      const document = response.body;
      expect(document.openapi).toBe('3.1.0');
      await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining(['/health/live', '/health/ready', '/metrics']),
      );
    });

    it('answers GET /api/v1 with an index of links, anonymously, and documents it', async () => {
      const response = await http.get('/api/v1');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        name: 'Stagecraft API',
        version: '1',
        links: {
          docs: { href: 'http://localhost:8080/api/docs' },
          openapi: { href: 'http://localhost:8080/api/docs/openapi.json' },
          setup: { href: 'http://localhost:8080/api/v1/auth/setup' },
          collections: { href: 'http://localhost:8080/api/v1/collections' },
          graphql: { href: 'http://localhost:8080/api/v1/graphql' },
        },
      });
      // Each link leads somewhere (the ones that need credentials ask for them).
      const links = response.body.links as Record<string, { href: string }>;
      for (const [rel, status] of [
        ['docs', 200],
        ['openapi', 200],
        ['setup', 200],
        ['me', 401],
        ['collections', 401],
        ['health', 200],
      ] as const) {
        expect({ rel, status: (await http.get(new URL(links[rel]?.href ?? '').pathname)).status }).toEqual({
          rel,
          status,
        });
      }
      // The GraphQL link answers a query, anonymously too.
      const graphql = await http.get(
        `${new URL(links.graphql?.href ?? '').pathname}?query=${encodeURIComponent('{ __typename }')}`,
      );
      expect({ status: graphql.status, body: graphql.body }).toEqual({
        status: 200,
        body: { data: { __typename: 'Query' } },
      });
      const document = (await http.get('/api/docs/openapi.json')).body;
      expect(document.paths['/api/v1'].get.responses['200']).toBeDefined();
    });

    it('serves Swagger UI', async () => {
      const response = await fetch(`${api.url}/api/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      const html = await response.text();
      expect(html).toContain('swagger-ui');
      const script = html.match(/src="([^"]*swagger-ui-init\.js)"/)?.[1];
      expect(script).toBeDefined();
      const init = await fetch(new URL(script as string, `${api.url}/api/docs/`));
      expect(init.status).toBe(200);
    });
  });

  describe('worker heartbeat', () => {
    it('reports 503 naming the worker when its heartbeat stops', async () => {
      await worker.close();
      const { body: problem } = await waitFor(
        () => http.get('/health/ready'),
        (r) => r.status === 503,
        { what: 'readiness to fail after the worker stopped', timeoutMs: 5000 },
      );
      expect(problem.code).toBe('SERVICE_UNAVAILABLE');
      expect(problem.detail).toContain('worker');
      expect(problem.checks.worker.status).toBe('down');
      worker = await startWorker(env.config());
      expect((await http.get('/health/ready')).status).toBe(200);
    });
  });
});

describe('metrics behind METRICS_TOKEN', () => {
  const TOKEN = 'scrape-token-0123456789';
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ METRICS_TOKEN: TOKEN }));
    http = httpClient(api.url);
  });

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it.each([
    ['no Authorization header', undefined],
    ['another token', 'Bearer scrape-token-9876543210'],
    ['the token with a suffix', `Bearer ${TOKEN}x`],
    ['the token without the Bearer scheme', TOKEN],
  ])('refuses %s with a 401 problem', async (_case, authorization) => {
    const response = await http.get('/metrics', { headers: authorization ? { authorization } : {} });
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(PROBLEM);
    expect(response.body).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(response.text).not.toContain('http_request_duration_seconds');
  });

  it('answers the bearer of the token', async () => {
    const response = await http.get('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.text).toContain('http_request_duration_seconds_count');
  });

  it('documents the token and the 401 in the OpenAPI document', async () => {
    const document = (await http.get('/api/docs/openapi.json')).body;
    expect(document.components.securitySchemes.metricsToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/metrics'].get.security).toEqual([{ metricsToken: [] }]);
    expect(document.paths['/metrics'].get.responses['401']).toBeDefined();
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
  });
});
