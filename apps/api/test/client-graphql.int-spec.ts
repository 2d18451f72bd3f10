// @stagecraft/client's GraphQL against the real API and worker: queries and mutations with the
// client's session, errors as StagecraftError with the REST codes (partial data kept), and
// subscriptions through the graphql-ws client with the SDK's URL and connection params, for a
// signed-in user and for an API key.

import type { INestApplicationContext } from '@nestjs/common';
import { createClient, isStagecraftError, type StagecraftClient } from '@stagecraft/client';
import { createTestEnvironment, httpClient, waitFor, type HttpClient, type TestEnvironment } from '@stagecraft/testing';
import { createClient as createGraphqlWsClient, type Client as GraphqlWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signedInClient } from './support/client-sdk.js';
import { registerUser, setupAdmin, type TestSession } from './support/identity.js';
import { createCollection, OPEN_RULES } from './support/records.js';
import { startApi, startWorker, type RunningApi } from './support/running-apps.js';

describe('@stagecraft/client GraphQL', () => {
  let env: TestEnvironment;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let http: HttpClient;
  let admin: TestSession;
  let user: TestSession;
  let client: StagecraftClient<Record<string, never>>;
  const sockets: GraphqlWsClient[] = [];

  beforeAll(async () => {
    env = await createTestEnvironment();
    const config = env.config({ RATE_LIMIT_AUTH_PER_IP: '1000', OUTBOX_POLL_INTERVAL_MS: '100' });
    api = await startApi(config);
    worker = await startWorker(config);
    http = httpClient(api.url);
    admin = await setupAdmin(http);
    user = await registerUser(http);
    await createCollection(http, admin, {
      name: 'notes',
      rules: { ...OPEN_RULES, list: '@request.auth.id != null', view: '@request.auth.id != null' },
      fields: [{ name: 'title', type: 'text', options: { required: true } }],
    });
    await createCollection(http, admin, { name: 'ledger', rules: { ...OPEN_RULES, list: null }, fields: [] });
    client = await signedInClient(api.url, user);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((socket) => Promise.resolve(socket.dispose())));
    client?.realtime.close();
    await api?.close();
    await worker?.close();
    await env?.dispose();
  });

  it('runs mutations and queries with the session, and returns their data', async () => {
    const created = await client.graphql.query<{ create_notes: { id: string; title: string } }>(
      'mutation ($title: String) { create_notes(data: { title: $title }) { id title } }',
      { variables: { title: 'from the SDK' } },
    );
    expect(created.create_notes.title).toBe('from the SDK');
    const listed = await client.graphql.query<{ notes: { items: { id: string }[] } }>(
      'query ($filter: String) { notes(filter: $filter) { items { id } } }',
      { variables: { filter: `id = "${created.create_notes.id}"` } },
    );
    expect(listed.notes.items).toEqual([{ id: created.create_notes.id }]);
  });

  it('throws StagecraftError with the REST code, field errors and the GraphQL errors', async () => {
    const invalid = await client.graphql
      .query('mutation { create_notes(data: { title: null }) { id } }')
      .catch((error: unknown) => error);
    expect(isStagecraftError(invalid, 'VALIDATION_FAILED')).toBe(true);
    expect(invalid).toMatchObject({ status: 400, errors: [expect.objectContaining({ field: 'title' })] });

    const anonymous = createClient(api.url);
    const refused = await anonymous.graphql.query('{ ledger { items { id } } }').catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'UNAUTHORIZED', status: 401 });
    const forbidden = await client.graphql.query('{ ledger { items { id } } }').catch((error: unknown) => error);
    expect(forbidden).toMatchObject({ code: 'FORBIDDEN', status: 403 });

    // The GraphQL errors are kept as they came; `data` is what GraphQL kept (null: `notes` is non-null).
    const failed = await client.graphql
      .query('{ a: notes(filter: "nope = 1") { items { id } } }')
      .catch((error: unknown) => error);
    expect(failed).toMatchObject({
      code: 'VALIDATION_FAILED',
      problem: { data: null, graphqlErrors: [expect.objectContaining({ path: ['a'] })] },
    });

    const unparsable = await client.graphql.query('{ notes {').catch((error: unknown) => error);
    expect(unparsable).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('gives a graphql-ws client its URL and credentials: a user session and an API key', async () => {
    const key = await http.post('/api/v1/api-keys', { name: 'sdk', role: 'admin' }, { token: admin.token });
    expect(key.status).toBe(201);
    const withKey = createClient(api.url, { apiKey: key.body.key as string });
    expect(await withKey.graphql.connectionParams()).toEqual({ apiKey: key.body.key });
    expect(client.graphql.subscriptionsUrl).toBe(`${api.url.replace(/^http/, 'ws')}/api/v1/graphql/ws`);

    const received = new Map<string, string[]>();
    for (const [who, sdk] of [
      ['user', client],
      ['key', withKey],
    ] as const) {
      const socket = createGraphqlWsClient({
        url: sdk.graphql.subscriptionsUrl,
        webSocketImpl: WebSocket,
        connectionParams: () => sdk.graphql.connectionParams(),
      });
      sockets.push(socket);
      const titles: string[] = [];
      received.set(who, titles);
      socket.subscribe<{ notes: { record: { title: string } } }>(
        { query: 'subscription { notes { record { title } } }' },
        {
          next: ({ data }) => titles.push(data?.notes.record.title ?? ''),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
    // Subscribed once a write made now arrives on both.
    await waitFor(
      async () => {
        await client.graphql.query('mutation { create_notes(data: { title: "ping" }) { id } }');
        await new Promise((resolve) => setTimeout(resolve, 150));
        return [...received.values()].every((titles) => titles.includes('ping'));
      },
      (ready) => ready,
      { what: 'both subscriptions to be live' },
    );
    await client.graphql.query('mutation { create_notes(data: { title: "live" }) { id } }');
    await waitFor(
      () => Promise.resolve([...received.values()].every((titles) => titles.includes('live'))),
      (seen) => seen,
      { what: 'the change on both subscriptions' },
    );
  });
});
