// GRAPHQL_INTROSPECTION=false, as in production: `__schema` and `__type` are refused before
// anything runs, while queries go on working.

import { createTestEnvironment, httpClient, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { getIntrospectionQuery } from 'graphql';
import { setupAdmin } from './support/identity.js';
import { createCollection, OPEN_RULES, recordsPath } from './support/records.js';
import { startApi, type RunningApi } from './support/running-apps.js';

describe('GraphQL with introspection off', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let http: HttpClient;

  const gql = (query: string) =>
    http.request('POST', '/api/v1/graphql', {
      body: { query },
      headers: { accept: 'application/graphql-response+json' },
    });

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config({ GRAPHQL_INTROSPECTION: 'false' }));
    http = httpClient(api.url);
    const admin = await setupAdmin(http);
    await createCollection(http, admin, { name: 'notes', rules: OPEN_RULES, fields: [{ name: 'text', type: 'text' }] });
    await http.post(recordsPath('notes'), { text: 'hello' });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it.each([
    ['the standard introspection query', getIntrospectionQuery()],
    ['__type', '{ __type(name: "Notes") { name } }'],
  ])('refuses %s with a 400', async (_label, query) => {
    const answer = await gql(query);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0].message).toMatch(/introspection/i);
  });

  it('still answers queries', async () => {
    const answer = await gql('{ notes { items { text } } }');
    expect(answer.body).toEqual({ data: { notes: { items: [{ text: 'hello' }] } } });
  });
});
