// /api/v1/webhooks through real HTTP: admins create, read, change and delete webhooks, with
// every input checked (unknown collections, conditions that do not compile, bad URLs and
// secrets); test sends go through the signed, SSRF-guarded client from the API process and
// land in the delivery log; loopback is refused unless allowed, and so is cloud metadata.

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import {
  createTestEnvironment,
  httpClient,
  type HttpClient,
  type HttpResult,
  type TestEnvironment,
} from '@stagecraft/testing';
import { setupAdmin, registerUser, type TestSession } from './support/identity.js';
import { createCollection, expectProblem } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';
import { signatureIsValid, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const WEBHOOKS = '/api/v1/webhooks';

describe('webhooks admin API', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let receiver: WebhookReceiver;
  let db: pg.Client;

  const create = (body: Record<string, unknown>, token = admin.token) => http.post(WEBHOOKS, body, { token });
  async function webhook(body: Record<string, unknown> = {}): Promise<HttpResult['body']> {
    const response = await create({ name: 'hook', url: receiver.url, ...body });
    if (response.status !== 201) throw new Error(`create webhook: ${response.status} ${response.text}`);
    return response.body;
  }

  beforeAll(async () => {
    env = await createTestEnvironment();
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    receiver = await startWebhookReceiver();
    api = await startApi(env.config({ WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8', WEBHOOK_TIMEOUT_MS: '2000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'orders',
      fields: [
        { name: 'total', type: 'number', options: { precision: 10, scale: 2 } },
        { name: 'status', type: 'text' },
        { name: 'internal_note', type: 'text', options: { hidden: true } },
      ],
    });
    await createCollection(http, admin, { name: 'notes', fields: [{ name: 'body', type: 'text' }] });
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
    await db?.end();
    await env?.dispose();
  });

  beforeEach(() => {
    receiver.requests.length = 0;
    receiver.respondWith({ status: 200 });
  });

  describe('CRUD', () => {
    it('creates a webhook with defaults: every collection and action, a generated secret, enabled', async () => {
      const response = await create({ name: 'all events', url: 'https://example.com/hooks' });
      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'all events',
        url: 'https://example.com/hooks',
        collections: [],
        actions: ['create', 'update', 'delete'],
        condition: null,
        secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
        enabled: true,
        disabled_reason: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
      });
    });

    it('keeps what it is given: collections, actions, condition, secret, enabled', async () => {
      const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
      const body = await webhook({
        name: 'big orders',
        collections: ['orders', 'orders'],
        actions: ['create', 'update'],
        condition: 'total > 100 && status != "draft"',
        secret,
        enabled: false,
      });
      expect(body).toMatchObject({
        collections: ['orders'],
        actions: ['create', 'update'],
        condition: 'total > 100 && status != "draft"',
        secret,
        enabled: false,
      });
      const read = await http.get(`${WEBHOOKS}/${body.id}`, { token: admin.token });
      expect(read.status).toBe(200);
      expect(read.body).toEqual(body);
    });

    it('lists webhooks oldest first', async () => {
      const first = await webhook({ name: 'first' });
      const second = await webhook({ name: 'second' });
      const response = await http.get(WEBHOOKS, { token: admin.token });
      expect(response.status).toBe(200);
      const ids = response.body.data.map((item: { id: string }) => item.id);
      expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    });

    it('changes only the fields given', async () => {
      const body = await webhook({ collections: ['orders'], condition: 'total > 1' });
      const response = await http.patch(
        `${WEBHOOKS}/${body.id}`,
        { name: 'renamed', condition: null },
        { token: admin.token },
      );
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ name: 'renamed', condition: null, url: receiver.url, secret: body.secret });
      expect(Date.parse(response.body.updated_at)).toBeGreaterThanOrEqual(Date.parse(body.updated_at));
    });

    it('turning a webhook on again clears why it was turned off', async () => {
      const body = await webhook();
      await db.query(`UPDATE stagecraft.webhooks SET enabled = false, disabled_reason = 'gone' WHERE id = $1`, [
        body.id,
      ]);
      const off = await http.get(`${WEBHOOKS}/${body.id}`, { token: admin.token });
      expect(off.body).toMatchObject({ enabled: false, disabled_reason: 'gone' });
      const on = await http.patch(`${WEBHOOKS}/${body.id}`, { enabled: true }, { token: admin.token });
      expect(on.body).toMatchObject({ enabled: true, disabled_reason: null });
    });

    it('deletes a webhook', async () => {
      const body = await webhook();
      const deleted = await http.delete(`${WEBHOOKS}/${body.id}`, { token: admin.token });
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      expectProblem(await http.get(`${WEBHOOKS}/${body.id}`, { token: admin.token }), 404, 'NOT_FOUND');
      expectProblem(await http.delete(`${WEBHOOKS}/${body.id}`, { token: admin.token }), 404, 'NOT_FOUND');
    });
  });

  describe('bad input', () => {
    const good = { name: 'hook', url: 'https://example.com/hooks' };

    it.each<[string, Record<string, unknown>, string]>([
      ['no name', { url: good.url }, 'name'],
      ['an empty name', { ...good, name: '' }, 'name'],
      ['a name over 100 characters', { ...good, name: 'x'.repeat(101) }, 'name'],
      ['no url', { name: 'hook' }, 'url'],
      ['a url that is not a URL', { ...good, url: 'not a url' }, 'url'],
      ['an ftp url', { ...good, url: 'ftp://example.com/x' }, 'url'],
      ['a url over 2048 characters', { ...good, url: `https://example.com/${'x'.repeat(2040)}` }, 'url'],
      ['collections that are not strings', { ...good, collections: [1] }, 'collections'],
      ['no actions', { ...good, actions: [] }, 'actions'],
      ['an unknown action', { ...good, actions: ['create', 'explode'] }, 'actions'],
      ['a secret without whsec_', { ...good, secret: 'abc' }, 'secret'],
      ['a secret too short', { ...good, secret: 'whsec_c2hvcnQ=' }, 'secret'],
      ['a null secret', { ...good, secret: null }, 'secret'],
      ['enabled that is not a boolean', { ...good, enabled: 'yes' }, 'enabled'],
      ['a condition that is not a string', { ...good, condition: 5 }, 'condition'],
      ['an unknown property', { ...good, colour: 'red' }, 'colour'],
    ])('refuses %s with a 400 naming the field', async (_case, body, field) => {
      expectProblem(await create(body), 400, 'VALIDATION_FAILED', field);
    });

    it('names the collections that do not exist', async () => {
      const response = await create({ ...good, collections: ['orders', 'nope', 'ghosts'] });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'collections');
      expect(response.body.detail).toBe('No collection is named "nope", "ghosts".');
      expect(response.body.errors.map((error: { message: string }) => error.message)).toEqual([
        'The collection "nope" does not exist.',
        'The collection "ghosts" does not exist.',
      ]);
    });

    it('gives the position of a condition that does not parse', async () => {
      const response = await create({ ...good, collections: ['orders'], condition: 'total > 5 &&' });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'condition');
      expect(response.body.position).toEqual(expect.any(Number));
      expect(response.body.errors[0]).toMatchObject({ field: 'condition', code: 'SYNTAX' });
    });

    it.each([
      ['a field the collection lacks', 'weight > 5', 'UNKNOWN_FIELD'],
      ['a hidden field, which events leave out', 'internal_note = "x"', 'NOT_FILTERABLE'],
      ['a comparison of the wrong type', 'total ~ 5', undefined],
    ])('refuses a condition naming %s', async (_case, condition, code) => {
      const response = await create({ ...good, collections: ['orders'], condition });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'condition');
      expect(response.body.errors[0].message).toMatch(/^Collection "orders": [A-Z].*\.$/);
      if (code) expect(response.body.errors[0].code).toBe(code);
    });

    it('checks a condition against every collection when the webhook listens to all of them', async () => {
      const response = await create({ ...good, condition: 'total > 5' });
      expectProblem(response, 400, 'VALIDATION_FAILED', 'condition');
      expect(response.body.errors.map((error: { message: string }) => error.message)).toEqual(
        expect.arrayContaining([expect.stringMatching(/^Collection "notes": /)]),
      );
      expect((await create({ ...good, condition: 'id != null' })).status).toBe(201);
    });

    it('checks a change against the webhook as it would become', async () => {
      const body = await webhook({ collections: ['orders'], condition: 'total > 5' });
      const path = `${WEBHOOKS}/${body.id}`;
      expectProblem(
        await http.patch(path, { collections: ['notes'] }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'condition',
      );
      expectProblem(
        await http.patch(path, { condition: 'total >' }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'condition',
      );
      expectProblem(
        await http.patch(path, { url: 'mailto:a@b.c' }, { token: admin.token }),
        400,
        'VALIDATION_FAILED',
        'url',
      );
      expectProblem(await http.patch(path, { name: null }, { token: admin.token }), 400, 'VALIDATION_FAILED', 'name');
      expect((await http.get(path, { token: admin.token })).body).toEqual(body);
    });

    it.each([
      ['GET', `${WEBHOOKS}/not-a-uuid`],
      ['PATCH', `${WEBHOOKS}/not-a-uuid`],
      ['DELETE', `${WEBHOOKS}/not-a-uuid`],
      ['POST', `${WEBHOOKS}/not-a-uuid/test`],
      ['GET', `${WEBHOOKS}/not-a-uuid/deliveries`],
      ['GET', `${WEBHOOKS}/${randomUUID()}/deliveries/not-a-uuid`],
    ])('answers 400 to %s %s', async (method, path) => {
      const body = method === 'GET' ? undefined : {};
      expectProblem(await http.request(method, path, { token: admin.token, body }), 400, 'VALIDATION_FAILED', 'id');
    });

    it.each([
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/test'],
      ['GET', '/deliveries'],
      ['GET', `/deliveries/${randomUUID()}`],
      ['POST', `/deliveries/${randomUUID()}/redeliver`],
    ])('answers 404 to %s on an unknown webhook%s', async (method, suffix) => {
      const response = await http.request(method, `${WEBHOOKS}/${randomUUID()}${suffix}`, {
        token: admin.token,
        body: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expectProblem(response, 404, 'NOT_FOUND');
    });
  });

  describe('access', () => {
    const id = randomUUID();
    const routes: [string, string, unknown][] = [
      ['POST', WEBHOOKS, { name: 'x', url: 'https://example.com' }],
      ['GET', WEBHOOKS, undefined],
      ['GET', `${WEBHOOKS}/${id}`, undefined],
      ['PATCH', `${WEBHOOKS}/${id}`, { name: 'x' }],
      ['DELETE', `${WEBHOOKS}/${id}`, undefined],
      ['POST', `${WEBHOOKS}/${id}/test`, undefined],
      ['GET', `${WEBHOOKS}/${id}/deliveries`, undefined],
      ['GET', `${WEBHOOKS}/${id}/deliveries/${id}`, undefined],
      ['POST', `${WEBHOOKS}/${id}/deliveries/${id}/redeliver`, undefined],
    ];

    it.each(routes)('%s %s answers 401 to anonymous callers', async (method, path, body) => {
      expectProblem(await http.request(method, path, { body }), 401, 'UNAUTHORIZED');
    });

    it.each(routes)('%s %s answers 403 to signed-in non-admins', async (method, path, body) => {
      expectProblem(await http.request(method, path, { body, token: user.token }), 403, 'FORBIDDEN');
    });
  });

  describe('test send and the delivery log', () => {
    const test = (id: string) => http.post(`${WEBHOOKS}/${id}/test`, undefined, { token: admin.token });

    it('sends a signed webhook.test event and records it as a delivery', async () => {
      const body = await webhook();
      const response = await test(body.id);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        id: expect.any(String),
        webhook_id: body.id,
        event_id: expect.any(String),
        event_type: 'webhook.test',
        state: 'succeeded',
        attempts: 1,
        last_status: 200,
        last_error: null,
        created_at: expect.any(String),
        updated_at: expect.any(String),
        payload: {
          id: response.body.event_id,
          type: 'webhook.test',
          timestamp: expect.any(String),
          data: { webhook_id: body.id },
        },
        attempt_log: [
          {
            attempt: 1,
            started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
            duration_ms: expect.any(Number),
            response_status: 200,
            response_excerpt: 'ok',
            error: null,
          },
        ],
      });
      expect(receiver.requests).toHaveLength(1);
      const [request] = receiver.requests;
      expect(request!.path).toBe('/hooks');
      expect(request!.headers).toMatchObject({
        'content-type': 'application/json',
        'user-agent': 'Stagecraft-Webhooks/1',
        'webhook-id': response.body.event_id,
        'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
      });
      expect(signatureIsValid(body.secret, request!)).toBe(true);
      expect(signatureIsValid(`whsec_${Buffer.alloc(32).toString('base64')}`, request!)).toBe(false);
      expect(request!.json).toEqual(response.body.payload);
      expect(Object.keys(request!.json)).toEqual(['id', 'type', 'timestamp', 'data']);
    });

    it('records a failed test send as dead with the status and the start of the answer', async () => {
      const body = await webhook();
      receiver.respondWith({ status: 500, body: `boom ${'!'.repeat(3000)}` });
      const response = await test(body.id);
      expect(response.body).toMatchObject({
        state: 'dead',
        attempts: 1,
        last_status: 500,
        last_error: 'the receiver answered 500',
        attempt_log: [{ response_status: 500, error: null }],
      });
      expect(response.body.attempt_log[0].response_excerpt).toHaveLength(1024);
    });

    it('turns the webhook off when the receiver answers 410 Gone', async () => {
      const body = await webhook();
      receiver.respondWith({ status: 410 });
      expect((await test(body.id)).body).toMatchObject({ state: 'dead', last_status: 410 });
      const read = await http.get(`${WEBHOOKS}/${body.id}`, { token: admin.token });
      expect(read.body).toMatchObject({ enabled: false, disabled_reason: expect.stringMatching(/410 Gone/) });
    });

    it('records a receiver that does not answer in time as a timeout', async () => {
      const body = await webhook();
      receiver.respondWith({ status: 200, delayMs: 4000 });
      const response = await test(body.id);
      expect(response.body).toMatchObject({
        state: 'dead',
        last_status: null,
        last_error: 'timeout: no complete answer within 2000 ms',
        attempt_log: [{ response_status: null, error: 'timeout: no complete answer within 2000 ms' }],
      });
    });

    it('lists deliveries newest first, by state, with limits and offsets', async () => {
      const body = await webhook();
      const deliveries = `${WEBHOOKS}/${body.id}/deliveries`;
      const first = (await test(body.id)).body;
      receiver.respondWith({ status: 503 });
      const second = (await test(body.id)).body;
      const third = (await test(body.id)).body;

      const all = await http.get(deliveries, { token: admin.token });
      expect(all.status).toBe(200);
      expect(all.body.data.map((d: { id: string }) => d.id)).toEqual([third.id, second.id, first.id]);
      expect(all.body.meta).toEqual({ limit: 20, offset: 0, total: 3 });

      const dead = await http.get(`${deliveries}?state=dead&limit=1&offset=1`, { token: admin.token });
      expect(dead.body.data.map((d: { id: string }) => d.id)).toEqual([second.id]);
      expect(dead.body.meta).toEqual({ limit: 1, offset: 1, total: 2 });

      const one = await http.get(`${deliveries}/${first.id}`, { token: admin.token });
      expect(one.status).toBe(200);
      expect(one.body).toEqual(first);
    });

    it.each(['limit=0', 'limit=101', 'limit=x', 'offset=-1', 'state=lost', 'colour=red'])(
      'refuses the delivery list query %s',
      async (query) => {
        const body = await webhook();
        const response = await http.get(`${WEBHOOKS}/${body.id}/deliveries?${query}`, { token: admin.token });
        expectProblem(response, 400, 'VALIDATION_FAILED', query.split('=')[0]);
      },
    );

    it('answers 404 for a delivery of another webhook or no delivery at all', async () => {
      const mine = await webhook();
      const theirs = await webhook();
      const delivery = (await test(theirs.id)).body;
      for (const path of [
        `${WEBHOOKS}/${mine.id}/deliveries/${delivery.id}`,
        `${WEBHOOKS}/${mine.id}/deliveries/${randomUUID()}`,
      ]) {
        expectProblem(await http.get(path, { token: admin.token }), 404, 'NOT_FOUND');
        expectProblem(await http.post(`${path}/redeliver`, undefined, { token: admin.token }), 404, 'NOT_FOUND');
      }
    });

    it('redelivery puts the delivery back to pending and answers 202', async () => {
      const body = await webhook();
      receiver.respondWith({ status: 500 });
      const delivery = (await test(body.id)).body;
      const response = await http.post(`${WEBHOOKS}/${body.id}/deliveries/${delivery.id}/redeliver`, undefined, {
        token: admin.token,
      });
      expect(response.status).toBe(202);
      expect(response.body).toMatchObject({
        id: delivery.id,
        event_id: delivery.event_id,
        state: 'pending',
        attempts: 1,
      });
    });

    it('deleting a webhook deletes its delivery log', async () => {
      const body = await webhook();
      await test(body.id);
      await http.delete(`${WEBHOOKS}/${body.id}`, { token: admin.token });
      const { rows } = await db.query(
        'SELECT count(*)::int AS n FROM stagecraft.webhook_deliveries WHERE webhook_id = $1',
        [body.id],
      );
      expect(rows[0].n).toBe(0);
    });
  });
});

describe('webhook SSRF guard without an allowlist', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  let receiver: WebhookReceiver;
  let warn: jest.SpyInstance;

  beforeAll(async () => {
    env = await createTestEnvironment();
    receiver = await startWebhookReceiver();
    api = await startApi(env.config({ WEBHOOK_TIMEOUT_MS: '2000' }));
    http = httpClient(api.url);
    admin = await setupAdmin(http);
  });

  afterAll(async () => {
    await api?.close();
    await receiver?.close();
    await env?.dispose();
  });

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn');
  });

  afterEach(() => {
    warn.mockRestore();
  });

  it.each([
    ['the loopback receiver', () => receiver.url, '127.0.0.1 is a loopback address'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['an IPv4-mapped loopback', () => 'http://[::ffff:127.0.0.1]:9/x', 'maps to 127.0.0.1'],
    ['localhost', () => 'http://localhost:9/x', 'resolves to'],
  ])('refuses %s, records why, and logs a warning naming the webhook and the address', async (_case, url, reason) => {
    const created = await http.post(WEBHOOKS, { name: 'sneaky', url: url() }, { token: admin.token });
    expect(created.status).toBe(201);
    const response = await http.post(`${WEBHOOKS}/${created.body.id}/test`, undefined, { token: admin.token });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      state: 'refused',
      attempts: 1,
      last_status: null,
      last_error: expect.stringContaining(reason),
      attempt_log: [{ response_status: null, error: expect.stringMatching(/^refused: /) }],
    });
    expect(response.body.attempt_log[0].error).toContain(reason);
    expect(receiver.requests).toHaveLength(0);
    const warnings = warn.mock.calls.map((call) => String(call[0]));
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(`Webhook "sneaky" \\(${created.body.id}\\).*${reason.replace(/[.()]/g, '\\$&')}`),
        ),
      ]),
    );
  });
});
