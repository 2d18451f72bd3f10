// Field messages read as sentences for people, through real HTTP: the DTO validator's, the
// password policy's, the record validator's and the expression compiler's (whose positions
// count from 1 in words, while the `position` member stays the 0-based offset). The `code`
// of each problem is unchanged.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { setupAdmin, uniqueEmail, type TestSession } from './support/identity.js';

const RECORDS = '/api/v1/collections/gadgets/records';

describe('error messages', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ RATE_LIMIT_AUTH_PER_IP: '1000' }));
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
        message: expect.stringMatching(/^unknown field "colour" at character 19; valid fields: /),
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
});
