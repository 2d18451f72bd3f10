// Hostile request bodies on every route the app registered (support/routes.ts): deep nesting,
// prototype keys, NUL characters, huge strings, wrong top-level types, invalid UTF-8 and a body
// over the limit, each sent anonymously and as an admin over a fresh connection, with real
// path parameters so handlers run. Every answer must be a whole 4xx problem document: never a
// 5xx, never a reset. A new route is covered without being listed; one that takes a body must
// add a valid sample below, into whose strings NULs and 1 MB strings are injected one by one.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { GOOD_PASSWORD, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { exchange, inParallel, type Exchange, type ExchangeRequest } from './support/raw-http.js';
import { createCollection, OPEN_RULES, recordsClient } from './support/records.js';
import { openSse, type SseTestClient } from './support/realtime.js';
import { registeredRoutes, type RegisteredRoute } from './support/routes.js';
import { startApi, type RunningApi } from './support/running-apps.js';

const BODY_LIMIT_BYTES = 1024 * 1024;
/** Smaller than the default, so a body past it stays quick to send. */
const DRAIN_MAX_BYTES = 2 * 1024 * 1024;
const PROBLEM = /^application\/problem\+json/;
const COLLECTION = 'hostile';
/** A sign-in provider every route naming one can use. */
const PROVIDER = 'sample';
/** How many requests are in flight at once: enough to load the server, not to starve it. */
const PARALLEL = 6;

const json = (text: string): Buffer => Buffer.from(text, 'utf8');
const deepObject = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const deepArray = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const MEGABYTE_STRING = 'x'.repeat(1_000_000);

interface HostileBody {
  readonly name: string;
  readonly body: Buffer;
  readonly contentType?: string;
}

/** The same set for every route, whatever it expects. */
const HOSTILE_BODIES: readonly HostileBody[] = [
  { name: 'a 10,000-deep object', body: json(deepObject(10_000)) },
  { name: 'a 10,000-deep array', body: json(deepArray(10_000)) },
  { name: 'a 10,000-deep array in a field', body: json(`{"title":${deepArray(10_000)},"name":${deepArray(10_000)}}`) },
  {
    name: 'a 10,000-deep object as application/merge-patch+json',
    body: json(deepObject(10_000)),
    contentType: 'application/merge-patch+json',
  },
  { name: 'a __proto__ key', body: json('{"__proto__":{"role":"admin"},"title":"x","name":"x"}') },
  {
    name: 'a nested __proto__ key',
    body: json('{"title":{"__proto__":{"role":"admin"}},"options":{"__proto__":{"a":1}}}'),
  },
  { name: 'a constructor.prototype key', body: json('{"constructor":{"prototype":{"role":"admin"}},"title":"x"}') },
  {
    name: 'NUL characters in strings and keys',
    body: json('{"title":"a\\u0000b","name":"a\\u0000b","email":"a\\u0000b@example.com","k\\u0000":"v"}'),
  },
  { name: 'a 1 MB string', body: json(JSON.stringify({ title: MEGABYTE_STRING, name: MEGABYTE_STRING.slice(0, 10) })) },
  { name: 'an array', body: json('[]') },
  { name: 'an array of objects', body: json('[{"title":"x"},{"name":"y"}]') },
  { name: 'a string', body: json('"text"') },
  { name: 'a number', body: json('42') },
  { name: 'null', body: json('null') },
  { name: 'true', body: json('true') },
  {
    name: 'invalid UTF-8',
    body: Buffer.concat([json('{"title":"a'), Buffer.from([0xff, 0xfe, 0xc3]), json('","name":"b"}')]),
  },
  { name: 'JSON that does not parse', body: json('{"title":') },
  { name: 'a body over BODY_LIMIT_BYTES', body: json(JSON.stringify({ title: 'x'.repeat(2 * BODY_LIMIT_BYTES) })) },
];

/** Routes whose answer to any bytes may be 202: an import takes them as a file, and the worker judges its rows. */
const TAKES_ANY_FILE = new Set(['ImportsExportsController.import']);

/**
 * GraphQL over HTTP answers a request it cannot run with a GraphQL response, as its spec
 * requires (graphql-http's audit checks it): JSON with an `errors` list, not a problem.
 */
const GRAPHQL_ROUTES = new Set(['GraphqlController.post', 'GraphqlController.get']);
const GRAPHQL_RESPONSE = /^application\/(graphql-response\+)?json\b/;

function graphqlFault(answer: Exchange): string | undefined {
  if (!GRAPHQL_RESPONSE.test(answer.headers['content-type'] ?? ''))
    return `content type ${answer.headers['content-type']}`;
  try {
    const result = JSON.parse(answer.body) as { errors?: unknown };
    return Array.isArray(result.errors) && result.errors.length > 0
      ? undefined
      : `not a GraphQL error response: ${answer.body.slice(0, 200)}`;
  } catch {
    return `a body that is not JSON: ${answer.body.slice(0, 200)}`;
  }
}

interface Fixtures {
  readonly admin: TestSession;
  readonly recordId: string;
  readonly userId: string;
  readonly apiKeyId: string;
  readonly webhookId: string;
  readonly deliveryId: string;
  readonly jobId: string;
  /** An open realtime connection of the admin, with one subscription (s1). */
  readonly realtimeClientId: string;
  /** The schema as GET /schema/snapshot answers it. */
  readonly snapshot: { format: 1; collections: Record<string, unknown>[]; functions: Record<string, unknown>[] };
  readonly fields: { id: string; name: string; type: string; options: Record<string, unknown> }[];
}

/** Path parameters: every one a real, existing thing, so the handler runs for real. */
function fillPath(route: RegisteredRoute, fixtures: Fixtures): string {
  const idFor: Record<string, string> = {
    records: fixtures.recordId,
    users: fixtures.userId,
    'api-keys': fixtures.apiKeyId,
    webhooks: fixtures.webhookId,
    jobs: fixtures.jobId,
    // A well-formed credential id no one registered: the handler runs and answers 404.
    passkeys: 'bm8tc3VjaC1wYXNza2V5',
    // Likewise an identity id (identities only come from a provider's sign-in).
    identities: '0190f5c6-0000-7000-8000-00000000d1d1',
    // A captured email id (none may exist yet): the handler runs and answers 404.
    mailbox: '1',
  };
  const segments = route.path.split('/');
  const filled = segments.map((segment, index) => {
    if (!segment.startsWith(':')) return segment;
    const name = segment.slice(1);
    const value =
      name === 'collection'
        ? COLLECTION
        : name === 'field'
          ? 'title'
          : name === 'delivery_id'
            ? fixtures.deliveryId
            : name === 'clientId'
              ? fixtures.realtimeClientId
              : name === 'subscriptionId'
                ? 's1'
                : name === 'recordId'
                  ? fixtures.recordId
                  : name === 'fileName'
                    ? 'none_abcdefghij.txt'
                    : name === 'number'
                      ? '1'
                      : name === 'name' || name === 'provider'
                        ? PROVIDER
                        : name === 'id'
                          ? idFor[segments[index - 1] ?? '']
                          : undefined;
    if (value === undefined) throw new Error(`${route.name}: no value for the path parameter ${segment}`);
    return encodeURIComponent(value);
  });
  const query = route.name === 'RecordsController.bulkUpdate' ? `?filter=${encodeURIComponent('title = "none"')}` : '';
  return `${filled.join('/')}${query}`;
}

/** WebAuthn responses that pass validation (and then fail verification: no challenge was issued). */
const sampleRegistration = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', attestationObject: 'oA', transports: ['internal'] },
};
const sampleAssertion = {
  id: 'Y3JlZA',
  rawId: 'Y3JlZA',
  type: 'public-key',
  clientExtensionResults: {},
  response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA', userHandle: 'dQ' },
};

/**
 * A body each route that takes one accepts, so a NUL or a 1 MB string put into one of its
 * strings is the only thing wrong with it.
 */
function validSamples(fixtures: Fixtures): Record<string, unknown> {
  const credentials = { email: uniqueEmail('sample'), password: GOOD_PASSWORD };
  const fieldsAsTheyAre = fixtures.fields.map(({ id, name, type, options }) => ({ id, name, type, options }));
  // The snapshot with one function in every part, so its strings are injected into too.
  const schemaDocument = {
    ...fixtures.snapshot,
    functions: [
      {
        name: 'sample_fn',
        description: 'A sample',
        language: 'typescript',
        source: 'export default async (ctx) => ctx.event',
        triggers: {
          http: { rule: '@request.auth.id != null' },
          events: [{ collection: COLLECTION, on: ['create'], condition: 'title != ""' }],
          before_write: [{ collection: COLLECTION, on: ['update'] }],
          schedule: { cron: '0 3 * * *', timezone: 'Europe/Paris' },
        },
        settings: { timeout_ms: 1000, secrets: ['SAMPLE'], allowed_hosts: ['example.com'] },
      },
    ],
  };
  return {
    'AuthController.register': credentials,
    'AuthController.login': { email: fixtures.admin.user.email, password: GOOD_PASSWORD },
    'AuthController.refresh': { refresh_token: fixtures.admin.refreshToken },
    'AuthController.updateMe': { email: uniqueEmail('me') },
    'AuthController.changePassword': { current_password: GOOD_PASSWORD, new_password: 'another-plum-lantern-43' },
    'AuthController.setup': credentials,
    'EmailFlowsController.verifyEmail': { token: 'a'.repeat(43) },
    'EmailFlowsController.requestPasswordReset': { email: uniqueEmail('reset') },
    'EmailFlowsController.resetPassword': { token: 'a'.repeat(43), password: GOOD_PASSWORD },
    'UsersController.create': { email: uniqueEmail('made'), password: GOOD_PASSWORD, role: 'user' },
    'UsersController.update': { email: uniqueEmail('updated'), role: 'user' },
    'UsersController.setPassword': { password: GOOD_PASSWORD },
    'ApiKeysController.create': { name: 'sample key', role: 'user', expires_at: '2099-01-01T00:00:00Z' },
    'CollectionsController.create': {
      name: 'sample',
      label: 'Sample',
      description: 'A sample',
      rules: { list: '', view: 'title != ""' },
      fields: [{ name: 'title', type: 'text', options: { maxLength: 50, default: 'untitled' } }],
    },
    'CollectionsController.update': { label: 'Hostile', description: 'Bodies', rules: { list: 'title != ""' } },
    'CollectionsController.replace': { label: 'Hostile', description: 'Bodies', fields: fieldsAsTheyAre },
    'CollectionsController.addField': { name: 'extra', type: 'select', options: { values: ['a', 'b'] } },
    'CollectionsController.updateField': { name: 'title', options: { maxLength: 200, pattern: '^[a-z]*$' } },
    'CollectionsController.reorder': { order: fixtures.fields.map((field) => field.name) },
    'SchemaController.diff': schemaDocument,
    'SchemaController.apply': schemaDocument,
    'RecordsController.create': { title: 'sample', data: [1, { a: true }] },
    'RecordsController.bulkUpdate': { title: 'sample' },
    'RecordsController.update': { title: 'sample' },
    'RecordsController.replace': { title: 'sample', data: null },
    'ImportsExportsController.export': { format: 'csv', filter: 'title != ""', sort: '-title', fields: 'title' },
    'FilesController.token': { collection: COLLECTION, record_id: fixtures.recordId },
    'RealtimeController.subscribe': {
      subscriptions: [{ id: 'sample', topic: COLLECTION, filter: 'title != ""', fields: 'title' }],
    },
    'WebhooksController.create': {
      name: 'sample hook',
      url: 'https://hooks.example.com/stagecraft',
      collections: [COLLECTION],
      actions: ['create'],
      condition: 'title != ""',
    },
    'FunctionsController.create': {
      name: 'another',
      source: 'export default async (ctx) => ctx.request.body',
      triggers: { http: { rule: '' } },
      settings: { timeout_ms: 1000, secrets: ['SAMPLE'], allowed_hosts: ['example.com'] },
    },
    'FunctionsController.update': { description: 'sample', settings: { memory_mb: 32 } },
    'FunctionsController.test': { request: { method: 'POST', body: { a: [1, { b: true }] } } },
    'FunctionSecretsController.set': { value: 'sample secret' },
    'FunctionInvokeController.invoke': { any: ['json', { at: 1 }] },
    'FunctionInvokeController.invokePath': { any: ['json', { at: 1 }] },
    'SignInProvidersController.create': { name: 'another', preset: 'github', client_id: 'a', client_secret: 'b' },
    'SignInProvidersController.update': { display_name: 'Sample' },
    'SignInProvidersController.test': { redirect_uri: 'https://app.example.com/callback' },
    'SignInProvidersController.testResult': { code: 'sample' },
    'OAuthController.exchange': { code: 'sample' },
    'GraphqlController.post': { query: '{ __typename }' },
    // Read from the query string; a body sent with GET is ignored, so the answer is a 400.
    'GraphqlController.get': { query: '{ __typename }' },
    'IdentitiesController.link': { provider: PROVIDER, redirect_uri: 'https://app.example.com/callback' },
    'AuthSettingsController.update': { oauth_redirect_urls: ['https://app.example.com/callback'] },
    'MfaController.verify': { mfa_ticket: 'a'.repeat(43), totp_code: '123456' },
    'MfaController.webauthnOptions': { mfa_ticket: 'a'.repeat(43) },
    'MfaController.confirmTotp': { code: '123456' },
    'MfaController.disableTotp': { code: '123456' },
    'MfaController.renewRecoveryCodes': { recovery_code: 'abcd-efgh-jkmn-pqrs' },
    'MfaController.addPasskey': { name: 'Laptop', response: sampleRegistration },
    'MfaController.removePasskey': { recovery_code: 'abcd-efgh-jkmn-pqrs' },
    'PasskeysController.login': { challenge_id: 'a'.repeat(43), response: sampleAssertion },
    'WebhooksController.update': {
      name: 'renamed hook',
      url: 'https://hooks.example.com/other',
      condition: 'title = "x"',
    },
  };
}

/** Paths (as [key, …]) of every string in a value, keys of objects included as their own entries. */
function stringLeaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringLeaves(item, [...path, index]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => stringLeaves(item, [...path, key]));
  }
  return [];
}

function replaceLeaf(value: unknown, path: readonly (string | number)[], replace: (old: string) => string): unknown {
  if (path.length === 0) return replace(value as string);
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaceLeaf(copy[head], rest, replace);
  return copy;
}

/** What is wrong with an answer that should be a whole 4xx problem, or undefined when it is one. */
function fault(answer: Exchange, route: RegisteredRoute, identity: string): string | undefined {
  if (answer.error !== undefined) return `no whole answer: ${answer.error}`;
  if (answer.status === 202 && identity === 'admin' && TAKES_ANY_FILE.has(route.name)) return undefined;
  if (answer.status === undefined || answer.status < 400 || answer.status > 499) {
    return `status ${answer.status}: ${answer.body.slice(0, 200)}`;
  }
  if (GRAPHQL_ROUTES.has(route.name) && !PROBLEM.test(answer.headers['content-type'] ?? ''))
    return graphqlFault(answer);
  if (!PROBLEM.test(answer.headers['content-type'] ?? '')) return `content type ${answer.headers['content-type']}`;
  try {
    const problem = JSON.parse(answer.body) as { status?: unknown; code?: unknown; requestId?: unknown };
    if (problem.status !== answer.status || typeof problem.code !== 'string' || typeof problem.requestId !== 'string') {
      return `not a problem document: ${answer.body.slice(0, 200)}`;
    }
  } catch {
    return `a body that is not JSON: ${answer.body.slice(0, 200)}`;
  }
  return undefined;
}

describe('hostile request bodies', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let routes: RegisteredRoute[];
  let fixtures: Fixtures;
  let realtime: SseTestClient | undefined;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(
      env.config({
        BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES),
        IMPORT_MAX_BYTES: String(BODY_LIMIT_BYTES),
        BODY_DRAIN_MAX_BYTES: String(DRAIN_MAX_BYTES),
        // Thousands of requests reach the sign-in endpoints; each must be judged, not rate limited.
        RATE_LIMIT_AUTH_PER_IP: '1000000',
        RATE_LIMIT_AUTH_PER_ACCOUNT: '1000000',
        RATE_LIMIT_EMAIL_PER_ADDRESS: '1000000',
      }),
    );
    http = httpClient(api.url);
    routes = registeredRoutes(api.app);
    const admin = await setupAdmin(http);
    const as = { token: admin.token };
    await createCollection(http, admin, {
      name: COLLECTION,
      rules: OPEN_RULES,
      fields: [
        { name: 'title', type: 'text', options: { maxLength: 200 } },
        { name: 'data', type: 'json' },
      ],
    });
    const record = await recordsClient(http, COLLECTION).insert({ title: 'first', data: { a: [1, 2] } });
    const user = await http.post('/api/v1/users', { email: uniqueEmail('target'), password: GOOD_PASSWORD }, as);
    const apiKey = await http.post('/api/v1/api-keys', { name: 'target', role: 'user' }, as);
    // A loopback target that is not allowed: the test delivery is refused at once, and logged.
    const webhook = await http.post('/api/v1/webhooks', { name: 'target', url: 'http://127.0.0.1:9/hook' }, as);
    const delivery = await http.post(`/api/v1/webhooks/${webhook.body.id}/test`, undefined, as);
    const job = await http.post(`/api/v1/collections/${COLLECTION}/export`, { format: 'csv' }, as);
    const snapshot = await http.get('/api/v1/schema/snapshot', as);
    // GitHub-style, so nothing is discovered over the network.
    const provider = await http.post(
      '/api/v1/auth/providers',
      { name: PROVIDER, preset: 'github', client_id: 'sample', client_secret: 'sample' },
      as,
    );
    const collection = await http.get(`/api/v1/collections/${COLLECTION}`, as);
    for (const response of [user, apiKey, webhook, delivery, job, snapshot, collection, provider]) {
      if (response.status >= 300) throw new Error(`fixture: ${response.status} ${response.text}`);
    }
    realtime = openSse(api.url, { token: admin.token });
    const [connected] = await realtime.next('connect');
    const realtimeClientId = connected?.data.clientId as string;
    const subscribed = await http.post(
      `/api/v1/realtime/${realtimeClientId}/subscriptions`,
      { subscriptions: [{ topic: COLLECTION }] },
      as,
    );
    if (subscribed.status !== 201) throw new Error(`fixture: ${subscribed.status} ${subscribed.text}`);
    fixtures = {
      admin,
      realtimeClientId,
      recordId: record.id,
      userId: user.body.id,
      apiKeyId: apiKey.body.api_key.id,
      webhookId: webhook.body.id,
      deliveryId: delivery.body.id,
      jobId: job.body.id,
      snapshot: snapshot.body,
      fields: collection.body.data.fields,
    };
  });

  afterAll(async () => {
    realtime?.close();
    await api?.close();
    await env?.dispose();
  });

  /** Sends `body` to every route as anyone and as the admin; returns every answer that is not a whole 4xx problem. */
  async function faultsOf(
    cases: readonly { route: RegisteredRoute; name: string; body: Buffer; contentType?: string; anonymous: boolean }[],
  ): Promise<string[]> {
    const requests = cases.flatMap((item) =>
      (item.anonymous ? ['anyone', 'admin'] : ['admin']).map((identity) => ({ ...item, identity })),
    );
    const answers = await inParallel(requests, PARALLEL, ({ route, body, contentType, identity }) =>
      exchange(api.url, {
        method: route.method,
        path: fillPath(route, fixtures),
        body,
        headers: {
          'content-type': contentType ?? 'application/json',
          ...(identity === 'admin' ? { authorization: `Bearer ${fixtures.admin.token}` } : {}),
        },
      }),
    );
    return requests.flatMap((request, index) => {
      const problem = fault(answers[index] as Exchange, request.route, request.identity);
      return problem === undefined ? [] : [`${request.route.name} as ${request.identity}, ${request.name}: ${problem}`];
    });
  }

  it('walks every registered route, and can fill the path of each with real values', () => {
    expect(routes.length).toBeGreaterThan(60);
    for (const route of routes) expect(() => fillPath(route, fixtures)).not.toThrow();
  });

  it.each(HOSTILE_BODIES.map((hostile) => [hostile.name, hostile] as const))(
    '%s: every route answers a whole 4xx problem, anonymously and as an admin',
    async (_name, hostile) => {
      const cases = routes.map((route) => ({ route, ...hostile, anonymous: true }));
      expect(await faultsOf(cases)).toEqual([]);
    },
  );

  it('every route that takes a body has a valid sample to inject into', () => {
    const samples = validSamples(fixtures);
    const missing = routes.filter(
      (route) => route.takesBody && !TAKES_ANY_FILE.has(route.name) && samples[route.name] === undefined,
    );
    expect(missing.map((route) => route.name)).toEqual([]);
  });

  it.each([
    ['a NUL character', (old: string) => `${old}\u0000`],
    ['a 1 MB string', () => MEGABYTE_STRING],
  ] as const)(
    '%s in any one string of a valid body is a whole 4xx problem on every route',
    async (_what, replace) => {
      const samples = validSamples(fixtures);
      const cases = routes.flatMap((route) => {
        const sample = samples[route.name];
        if (sample === undefined) return [];
        return stringLeaves(sample).map((leaf) => ({
          route,
          name: `at ${leaf.join('.')}`,
          body: json(JSON.stringify(replaceLeaf(sample, leaf, replace))),
          // Only public routes reach their validation anonymously; the rest answer 401 first.
          anonymous: route.access === 'public',
        }));
      });
      expect(cases.length).toBeGreaterThan(50);
      expect(await faultsOf(cases)).toEqual([]);
      // Every string of every route's body, a megabyte each: on a slow machine well over 30 s.
    },
    120_000,
  );

  it.each<{ name: string; request: ExchangeRequest; expected: string }>([
    {
      name: 'a path parameter over 100 characters',
      request: { method: 'GET', path: `/api/v1/collections/${'x'.repeat(150)}` },
      expected: '414 URI_TOO_LONG',
    },
    {
      name: 'a path parameter that cannot be decoded',
      request: { method: 'GET', path: '/api/v1/collections/%E0%A4%A' },
      expected: '400 BAD_REQUEST',
    },
    {
      name: 'a Content-Length that is not a number',
      request: { method: 'POST', path: '/api/v1/auth/login', body: json('{}'), headers: { 'content-length': 'abc' } },
      expected: '400 BAD_REQUEST',
    },
    {
      name: 'headers over 16 KiB',
      request: { method: 'GET', path: '/api/v1/auth/setup', headers: { 'x-filler': 'x'.repeat(20_000) } },
      expected: '431 HEADERS_TOO_LARGE',
    },
    {
      name: 'a content type no parser takes',
      request: {
        method: 'POST',
        path: '/api/v1/auth/login',
        body: json('<a/>'),
        headers: { 'content-type': 'text/xml' },
      },
      expected: '415 UNSUPPORTED_MEDIA_TYPE',
    },
    {
      name: 'an unknown route',
      request: {
        method: 'POST',
        path: '/api/v1/nowhere',
        body: json('{}'),
        headers: { 'content-type': 'application/json' },
      },
      expected: '404 ROUTE_NOT_FOUND',
    },
  ])('what is refused before any route runs answers a problem too: $name', async ({ request, expected }) => {
    const answer = await exchange(api.url, request);
    expect(answer.error).toBeUndefined();
    expect(answer.headers['content-type']).toMatch(PROBLEM);
    const problem = JSON.parse(answer.body) as { status: number; code: string; requestId: string };
    expect(`${answer.status} ${problem.code}`).toBe(expected);
    expect(problem.status).toBe(answer.status);
    expect(typeof problem.requestId).toBe('string');
  });

  describe('legitimate bodies below the caps', () => {
    const nested = (depth: number): unknown => JSON.parse(deepArray(depth)) as unknown;

    it('a json value 60 and 64 levels deep is stored and read back, alone and in a bulk create', async () => {
      const records = recordsClient(http, COLLECTION);
      for (const depth of [60, 64]) {
        const created = await records.insert({ title: `deep ${depth}`, data: nested(depth) });
        expect((await records.get(created.id)).body.data.data).toEqual(nested(depth));
      }
      const [bulk] = await records.insertMany([{ title: 'bulk deep', data: nested(64) }]);
      expect((await records.get(bulk?.id ?? '')).body.data.data).toEqual(nested(64));
    });

    it('a json value one level past JSON_MAX_DEPTH is a 400 naming the field; far past it, BODY_TOO_DEEP', async () => {
      const records = recordsClient(http, COLLECTION);
      const tooDeep = await records.create({ title: 'too deep', data: nested(65) });
      expect(tooDeep.status).toBe(400);
      expect(tooDeep.body.errors).toEqual([expect.objectContaining({ field: 'data', code: 'depth' })]);
      const farTooDeep = await records.create({ title: 'far too deep', data: nested(67) });
      expect({ status: farTooDeep.status, code: farTooDeep.body.code, maxDepth: farTooDeep.body.maxDepth }).toEqual({
        status: 400,
        code: 'BODY_TOO_DEEP',
        maxDepth: 66,
      });
    });

    it('a json field may default to a value 60 levels deep', async () => {
      await createCollection(http, fixtures.admin, {
        name: 'deep_defaults',
        rules: OPEN_RULES,
        fields: [{ name: 'data', type: 'json', options: { default: nested(60) } }],
      });
      const record = await recordsClient(http, 'deep_defaults').insert({});
      expect(record.data).toEqual(nested(60));
    });
  });

  describe('the nesting and 413 cases, 200 times each over fresh connections', () => {
    // In 64 KiB pieces, as curl sends a body: an answer written before the body is read, then a
    // close, resets the connection under the client's next write.
    const login = (body: Buffer) =>
      exchange(api.url, {
        method: 'POST',
        path: '/api/v1/auth/login',
        body,
        headers: { 'content-type': 'application/json' },
        chunkBytes: 64 * 1024,
      });

    it.each([
      {
        name: 'a body over BODY_LIMIT_BYTES',
        body: json(JSON.stringify({ email: 'x'.repeat(2 * BODY_LIMIT_BYTES), password: 'x' })),
        expected: '413 PAYLOAD_TOO_LARGE',
      },
      {
        name: 'a 10,000-deep email',
        body: json(`{"email":${deepObject(10_000)},"password":"x"}`),
        expected: '400 BODY_TOO_DEEP',
      },
    ])('$name: 200 whole problems ($expected), no reset', async ({ body, expected }) => {
      const answers = await inParallel(Array.from({ length: 200 }), 4, () => login(body));
      const outcomes = answers.map((answer) =>
        answer.error === undefined
          ? `${answer.status} ${(JSON.parse(answer.body) as { code: string }).code}`
          : answer.error,
      );
      expect(outcomes.filter((outcome) => outcome !== expected)).toEqual([]);
    });

    it('a body that outruns BODY_DRAIN_MAX_BYTES still gets its whole 413 before the connection closes', async () => {
      const body = json(JSON.stringify({ email: 'x'.repeat(BODY_LIMIT_BYTES + 2 * DRAIN_MAX_BYTES), password: 'x' }));
      const answers = await inParallel(Array.from({ length: 20 }), 4, () =>
        exchange(api.url, {
          method: 'POST',
          path: '/api/v1/auth/login',
          body,
          headers: { 'content-type': 'application/json' },
          chunkBytes: 64 * 1024,
          stopSendingOnAnswer: true,
        }),
      );
      expect(
        answers.map((answer) => answer.error ?? `${answer.status}`).filter((outcome) => outcome !== '413'),
      ).toEqual([]);
    });
  });
});
