// The development mailbox (/api/v1/mailbox) through real HTTP: admins only, newest first and
// paginated, a reset link the worker captured readable in it, bad queries refused with 400,
// and no mailbox at all (404) on an instance that sends email through SMTP.

import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';
import { createUser, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';

const MAILBOX = '/api/v1/mailbox';
const PUBLIC_URL = 'https://console.example.test';

interface Summary {
  id: number;
  to: string;
  from: string;
  subject: string;
  created_at: string;
}

describe('development mailbox', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let db: pg.Client;
  let admin: TestSession;
  let plain: TestSession;

  /** Captured the way the worker's captured transport writes them. */
  const capture = async (to: string, subject: string, html: string | null = null): Promise<number> => {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO stagecraft.captured_emails ("to", "from", subject, text, html) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [to, 'Stagecraft <no-reply@example.test>', subject, `Body of ${subject}`, html],
    );
    return Number(rows[0]!.id);
  };
  const list = (query = '', token = admin.token) => http.get(`${MAILBOX}${query}`, { token });

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ PUBLIC_URL, RATE_LIMIT_AUTH_PER_IP: '1000' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    db = new pg.Client({ connectionString: env.databaseUrl });
    await db.connect();
    admin = await setupAdmin(http);
    plain = await registerUser(http);
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await api?.close();
    await env?.dispose();
  });

  describe('access', () => {
    it.each([
      { name: 'list', path: () => MAILBOX },
      { name: 'one email', path: () => `${MAILBOX}/1` },
    ])('$name without credentials → 401 problem', async ({ path }) => {
      const response = await http.get(path());
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body.code).toBe('UNAUTHORIZED');
    });

    it.each([
      { name: 'list', path: () => MAILBOX },
      { name: 'one email', path: () => `${MAILBOX}/1` },
    ])('$name as a user who is not an admin → 403 problem', async ({ path }) => {
      const response = await http.get(path(), { token: plain.token });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    });
  });

  describe('bad queries', () => {
    it.each([
      { query: '?limit=0', field: 'limit' },
      { query: '?limit=101', field: 'limit' },
      { query: '?limit=abc', field: 'limit' },
      { query: '?offset=-1', field: 'offset' },
      { query: '?to=not-an-email', field: 'to' },
      { query: '?sort=subject', field: 'sort' },
    ])('$query → 400 naming $field in a sentence', async ({ query, field }) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('VALIDATION_FAILED');
      const problem = response.body.errors.find((error: { field: string }) => error.field === field);
      expect(problem.message).toMatch(/^[A-Z].*\.$/);
    });

    it.each(['0', '-4', 'abc', '1.5', '99999999999999999999'])('id %s → 400', async (id) => {
      const response = await http.get(`${MAILBOX}/${id}`, { token: admin.token });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain('id');
    });

    it('an id no email has → 404', async () => {
      const response = await http.get(`${MAILBOX}/${Number.MAX_SAFE_INTEGER}`, { token: admin.token });
      expect(response.status).toBe(404);
      expect(response.body.detail).toBe(`No captured email has the id ${Number.MAX_SAFE_INTEGER}.`);
    });
  });

  it('shows the reset link the worker captured, as the user would read it', async () => {
    const user = await createUser(http, admin);
    const sent = await http.post(`/api/v1/users/${user.user.id}/password-reset`, {}, { token: admin.token });
    expect(sent.status).toBe(202);
    const page = await waitFor(
      () => list(`?to=${encodeURIComponent(user.user.email.toUpperCase())}`),
      (response) => response.body.data?.length === 1,
      { what: 'the captured reset email' },
    );
    const [summary] = page.body.data as Summary[];
    expect(summary).toMatchObject({ to: user.user.email, subject: expect.stringMatching(/password/i) });
    const email = await http.get(`${MAILBOX}/${summary!.id}`, { token: admin.token });
    expect(email.status).toBe(200);
    expect(email.body.text).toContain(`${PUBLIC_URL}/admin/reset-password?token=`);
    expect(email.body.html).toContain(`${PUBLIC_URL}/admin/reset-password?token=`);
  });

  it('lists newest first, a page at a time, with the total', async () => {
    const to = uniqueEmail('paged');
    const ids = [];
    for (const subject of ['first', 'second', 'third']) ids.push(await capture(to, subject));
    const first = await list(`?to=${to}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.meta).toEqual({ limit: 2, offset: 0, total: 3 });
    expect(first.body.data.map((item: Summary) => item.subject)).toEqual(['third', 'second']);
    const second = await list(`?to=${to}&limit=2&offset=2`);
    expect(second.body.data.map((item: Summary) => item.id)).toEqual([ids[0]]);
    const past = await list(`?to=${to}&limit=2&offset=10`);
    expect(past.body).toEqual({ data: [], meta: { limit: 2, offset: 10, total: 3 } });
    const everything = await list();
    expect(everything.body.meta.limit).toBe(20);
    const listed = (everything.body.data as Summary[]).map((item) => item.id);
    expect(listed).toEqual([...listed].sort((a, b) => b - a));
  });

  it('returns one email with its text and HTML as stored', async () => {
    const to = uniqueEmail('one');
    const html = '<p>Hello <a href="https://example.test/x">there</a></p><script>alert(1)</script>';
    const id = await capture(to, 'With HTML', html);
    const response = await http.get(`${MAILBOX}/${id}`, { token: admin.token });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      id,
      to,
      from: 'Stagecraft <no-reply@example.test>',
      subject: 'With HTML',
      text: 'Body of With HTML',
      html,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await http.get('/api/docs/openapi.json')).body;
    expect(Object.keys(document.paths[MAILBOX])).toEqual(['get']);
    expect(Object.keys(document.paths[`${MAILBOX}/{id}`])).toEqual(['get']);
    expect(document.paths[MAILBOX].get.responses).toHaveProperty('404');
  });

  describe('with SMTP_URL set', () => {
    let smtpApi: RunningApi;
    let smtpHttp: HttpClient;

    beforeAll(async () => {
      // Never contacted: the API only queues mail; it is the worker that would connect.
      smtpApi = await startApi(env.config({ SMTP_URL: 'smtp://127.0.0.1:2525' }));
      smtpHttp = httpClient(smtpApi.url);
    });

    afterAll(async () => {
      await smtpApi?.close();
    });

    it.each([MAILBOX, `${MAILBOX}/1`])('%s → 404 saying why there is no mailbox', async (path) => {
      const response = await smtpHttp.get(path, { token: admin.token });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('NOT_FOUND');
      expect(response.body.detail).toMatch(/SMTP_URL is set/);
    });
  });
});
