// Deleting a record other records refer to, from outside: each relation's onDelete decides
// (restrict refuses with a 409 that says why, set_null and cascade go through), a refused delete
// changes nothing, and a write naming a record that does not exist is a 409 naming the field.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES, recordsPath } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

describe('Deleting a referenced record', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;
  let admin: TestSession;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    await createCollection(http, admin, {
      name: 'customers',
      rules: OPEN_RULES,
      fields: [{ name: 'name', type: 'text' }],
    });
    await createCollection(http, admin, {
      name: 'invoices',
      rules: OPEN_RULES,
      fields: [
        { name: 'number', type: 'text' },
        {
          name: 'customer',
          type: 'relation',
          options: { kind: 'many_to_one', target: 'customers', onDelete: 'restrict' },
        },
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  const create = async (collection: string, body: Record<string, unknown>) => {
    const created = await http.post(recordsPath(collection), body, { token: admin.token });
    expect(created.status).toBe(201);
    return created.body.data.id as string;
  };

  it('refuses to delete a record a restricting relation refers to, says why, and changes nothing', async () => {
    const customer = await create('customers', { name: 'Ada' });
    const invoice = await create('invoices', { number: 'A-1', customer });

    const refused = await http.delete(recordsPath('customers', customer), { token: admin.token });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'CONFLICT' });
    expect(refused.body.detail).toBe(
      'Other records refer to this one through a relation that refuses deletes; delete them or change what they refer to first.',
    );
    expect((await http.get(recordsPath('customers', customer), { token: admin.token })).status).toBe(200);
    expect((await http.get(recordsPath('invoices', invoice), { token: admin.token })).body.data.customer).toBe(
      customer,
    );

    expect((await http.delete(recordsPath('invoices', invoice), { token: admin.token })).status).toBe(204);
    expect((await http.delete(recordsPath('customers', customer), { token: admin.token })).status).toBe(204);
  });

  it('refuses a write naming a record that does not exist, naming the field', async () => {
    const answer = await http.post(
      recordsPath('invoices'),
      { number: 'A-2', customer: '0193e7a0-0000-7000-8000-000000000000' },
      { token: admin.token },
    );
    expect(answer.status).toBe(409);
    expect(answer.body.detail).toBe('The record customer refers to does not exist.');
    expect(answer.body.errors).toEqual([
      {
        field: 'customer',
        code: 'relation',
        message: expect.stringMatching(/^Customer must reference an existing record/),
      },
    ]);
  });
});
