// Field messages read as sentences for people, through real HTTP: the DTO validator's, the
// password policy's, the record validator's, the expression compiler's (whose positions count
// from 1 in words, while the `position` member stays the 0-based offset), and the hand-written
// ones of accounts, schema options and realtime subscriptions. The `code` of each problem is
// unchanged. (Every problem any integration test receives is checked for sentences by the test
// HTTP client; these cases pin the exact words.)

import {
  createTestEnvironment,
  httpClient,
  isSentence,
  type HttpClient,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { GOOD_PASSWORD, registerUser, setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';
import { openSse, openWs, type RealtimeTestClient } from './support/realtime.js';

const RECORDS = '/api/v1/collections/gadgets/records';
const MAX_SUBSCRIPTIONS = 2;

describe('error messages', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;
  const open: RealtimeTestClient[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(
      env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', REALTIME_MAX_SUBSCRIPTIONS: String(MAX_SUBSCRIPTIONS) }),
    );
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    const created = await http.post(
      '/api/v1/collections',
      {
        name: 'gadgets',
        fields: [
          { name: 'title', type: 'text', options: { required: true } },
          { name: 'unit_price', type: 'number', options: { min: 0 } },
          { name: 'tags', type: 'multi_select', options: { values: ['sale', 'new'] } },
        ],
      },
      { token: admin.token },
    );
    expect(created.status).toBe(201);
  });

  afterAll(async () => {
    for (const client of open) client.close();
    await api?.close();
    await env?.dispose();
  });

  it('a short password: the policy minimum, as a sentence, under VALIDATION_FAILED', async () => {
    const response = await http.post('/api/v1/auth/register', { email: uniqueEmail(), password: 'short' });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([
      { field: 'password', code: 'tooShort', message: 'Password must be at least 10 characters long.' },
    ]);
  });

  it('an empty password at sign-in says it must not be empty', async () => {
    const response = await http.post('/api/v1/auth/login', { email: uniqueEmail(), password: '' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { field: 'password', code: 'minLength', message: 'Password must not be empty.' },
    ]);
  });

  it('DTO messages name the field and the rule, with the constraint as the code', async () => {
    const response = await http.get('/api/v1/users?limit=0&role=root&sort=email', { token: admin.token });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'limit', code: 'min', message: 'Limit must be at least 1.' },
        { field: 'role', code: 'isIn', message: 'Role must be one of "admin" or "user".' },
        { field: 'sort', code: 'whitelistValidation', message: 'Sort is not expected here; remove it.' },
      ]),
    );
  });

  it.each([
    {
      name: 'a multi_select given text',
      body: { title: 'Lamp', tags: 'sale' },
      error: { field: 'tags', code: 'type', message: 'Tags must be a list or null.' },
    },
    {
      name: 'a multi_select value not in its list',
      body: { title: 'Lamp', tags: ['sale', 'old'] },
      error: { field: 'tags.1', code: 'enum', message: 'Item 2 of tags must be one of "sale" or "new".' },
    },
    {
      name: 'a number given text',
      body: { title: 'Lamp', unit_price: 'cheap' },
      error: { field: 'unit_price', code: 'type', message: 'Unit price must be a number or null.' },
    },
    {
      name: 'a number below its minimum',
      body: { title: 'Lamp', unit_price: -1 },
      error: { field: 'unit_price', code: 'minimum', message: 'Unit price must be at least 0.' },
    },
    {
      name: 'a missing required text',
      body: { unit_price: 1 },
      error: { field: 'title', code: 'required', message: 'Title is required.' },
    },
    {
      name: 'an unknown field',
      body: { title: 'Lamp', colour: 'red' },
      error: { field: 'colour', code: 'additionalProperties', message: 'The collection has no field "colour".' },
    },
  ])('a record with $name: $error.message', async ({ body, error }) => {
    const response = await http.post(RECORDS, body, { token: admin.token });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.errors).toEqual([error]);
  });

  it('a field option of the wrong type is worded the same way', async () => {
    const response = await http.post(
      '/api/v1/collections',
      { name: 'widgets', fields: [{ name: 'size', type: 'number', options: { min: 'small' } }] },
      { token: admin.token },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toContainEqual(
      expect.objectContaining({ field: 'fields[0].options.min', message: expect.stringContaining('must be a number') }),
    );
  });

  it('an expression error counts its position from 1 in words; `position` stays the 0-based offset', async () => {
    const filter = 'unit_price > 1 && colour = "red"';
    const response = await http.get(`${RECORDS}?filter=${encodeURIComponent(filter)}`, { token: admin.token });
    expect(response.status).toBe(400);
    expect(response.body.position).toBe(18);
    expect(filter[response.body.position]).toBe('c');
    expect(response.body.errors).toEqual([
      {
        field: 'filter',
        code: 'UNKNOWN_FIELD',
        message: expect.stringMatching(/^Unknown field "colour" at character 19; valid fields: .*\.$/),
      },
    ]);
  });

  it('a rule error names its position from 1 as well', async () => {
    const response = await http.patch(
      '/api/v1/collections/gadgets',
      { rules: { list: 'title = tru' } },
      { token: admin.token },
    );
    expect(response.status).toBe(400);
    const [problem] = response.body.errors;
    expect(problem.field).toBe('rules.list');
    expect(problem.message).toContain('at character 9');
  });

  it('a second account with one email: the email is already registered', async () => {
    const email = uniqueEmail();
    expect((await http.post('/api/v1/auth/register', { email, password: GOOD_PASSWORD })).status).toBe(201);
    const response = await http.post('/api/v1/auth/register', { email, password: GOOD_PASSWORD });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({
      code: 'UNIQUE_VIOLATION',
      detail: 'An account with this email already exists.',
      errors: [{ field: 'email', code: 'unique', message: 'Email is already registered.' }],
    });
  });

  it('a wrong current password names the field as people say it', async () => {
    const user = await registerUser(http);
    const response = await http.post(
      '/api/v1/auth/password',
      { current_password: 'not-it-at-all', new_password: 'quiet-harbour-lights-7' },
      { token: user.token },
    );
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      detail: 'The current password is wrong.',
      errors: [{ field: 'current_password', code: 'wrong', message: 'Current password is wrong.' }],
    });
  });

  it('a field option of the wrong type names the option', async () => {
    const response = await http.post(
      '/api/v1/collections',
      { name: 'sprockets', fields: [{ name: 'size', type: 'number', options: { min: 'small', maxFiles: 2 } }] },
      { token: admin.token },
    );
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { field: 'fields[0].options.min', code: 'invalid_option', message: 'Min must be a number.' },
        {
          field: 'fields[0].options.maxFiles',
          code: 'unknown_option',
          message: '"maxFiles" is not an option of this field type.',
        },
      ]),
    );
  });

  describe('realtime subscriptions', () => {
    async function connection(): Promise<string> {
      const client = openSse(api.url, { token: admin.token });
      open.push(client);
      const [connected] = await client.next('connect');
      return connected?.data.clientId as string;
    }
    const subscribe = (clientId: string, subscriptions: unknown) =>
      http.post(`/api/v1/realtime/${clientId}/subscriptions`, { subscriptions }, { token: admin.token });

    it('none: the list must hold one', async () => {
      const response = await subscribe(await connection(), []);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        { field: 'subscriptions', code: 'arrayMinSize', message: 'Subscriptions must list at least 1 item.' },
      ]);
    });

    it('too many: a connection holds at most REALTIME_MAX_SUBSCRIPTIONS', async () => {
      const topics = Array.from({ length: MAX_SUBSCRIPTIONS + 1 }, () => ({ topic: 'gadgets' }));
      const response = await subscribe(await connection(), topics);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([
        {
          field: 'subscriptions',
          code: 'too_many',
          message: `A connection holds at most ${MAX_SUBSCRIPTIONS} subscriptions.`,
        },
      ]);
    });

    it('a bad topic and a bad filter say what is wrong with each', async () => {
      const clientId = await connection();
      const topic = await subscribe(clientId, [{ topic: 'gadgets/not-a-uuid' }]);
      expect(topic.body.errors).toEqual([
        {
          field: 'subscriptions[0].topic',
          code: 'format',
          message: 'Topic must be a collection name, or <collection>/<record id>.',
        },
      ]);
      const filter = await subscribe(clientId, [{ topic: 'gadgets', filter: 'colour = "red"' }]);
      expect(filter.body.detail).toMatch(/^The filter is not valid\. Unknown field "colour" at character 1; .*\.$/);
    });

    it('an error frame on the WebSocket carries sentences too', async () => {
      const socket = openWs(api.url, { token: admin.token });
      open.push(socket);
      await socket.opened;
      await socket.next('connect');
      socket.send({ type: 'subscribe', ref: 'none', subscriptions: [] });
      socket.send({ type: 'subscribe', ref: 'filter', subscriptions: [{ topic: 'gadgets', filter: 'size >' }] });
      socket.send({ type: 'unsubscribe', ref: 'no-id' });
      const received = await socket.next('error', 3);
      const problemOf = (ref: string) =>
        received.find((frame) => frame.data.ref === ref)?.data.problem as Record<string, unknown>;
      expect(problemOf('none')).toMatchObject({
        detail: 'Send a list of at least one subscription.',
        errors: [
          {
            field: 'subscriptions',
            code: 'required',
            message: 'Subscriptions must be a list of at least one subscription.',
          },
        ],
      });
      expect(problemOf('filter').detail).toBe(
        'The filter is not valid. Unexpected end of input at character 7, expected a value.',
      );
      expect(problemOf('no-id').detail).toBe('An unsubscribe message needs the subscription id.');
      const frames = ['none', 'filter', 'no-id'].map(problemOf);
      const texts = frames.flatMap((problem) => [
        problem.detail as string,
        ...((problem.errors as { message: string }[] | undefined) ?? []).map((error) => error.message),
      ]);
      expect(texts.filter((text) => !isSentence(text))).toEqual([]);
    });
  });
});
