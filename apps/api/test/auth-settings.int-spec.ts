// Auth behaviour that depends on configuration. Each test runs its own API instance and
// closes it before the next: passport keeps strategies process-wide, so one app at a time.

import { createTestEnvironment, httpClient, type TestEnvironment } from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';
import { GOOD_PASSWORD, uniqueEmail } from './support/identity.js';

describe('auth settings', () => {
  let env: TestEnvironment;

  beforeAll(async () => {
    env = await createTestEnvironment();
  });

  afterAll(async () => {
    await env?.dispose();
  });

  async function withApi(settings: Record<string, string>, test: (api: RunningApi) => Promise<void>): Promise<void> {
    const api = await startApi(env.config(settings));
    try {
      await test(api);
    } finally {
      await api.close();
    }
  }

  it('answers 403 to registration when AUTH_REGISTRATION_ENABLED=false', () =>
    withApi({ AUTH_REGISTRATION_ENABLED: 'false' }, async (api) => {
      const response = await httpClient(api.url).post('/api/v1/auth/register', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
      });
      expect(response.status).toBe(403);
      expect(response.body.code).toBe('FORBIDDEN');
    }));

  it('limits sign-up attempts per IP to RATE_LIMIT_AUTH_PER_IP', () =>
    withApi({ RATE_LIMIT_AUTH_PER_IP: '3' }, async (api) => {
      const client = httpClient(api.url);
      const statuses = [];
      for (let attempt = 0; attempt < 4; attempt++) {
        statuses.push(
          (await client.post('/api/v1/auth/register', { email: uniqueEmail(), password: GOOD_PASSWORD })).status,
        );
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
    }));

  it('keeps a generated signing key in the database, so a restarted instance accepts old tokens', async () => {
    let token = '';
    await withApi({}, async (api) => {
      const response = await httpClient(api.url).post('/api/v1/auth/register', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
      });
      token = response.body.access_token;
    });
    await withApi({}, async (api) => {
      expect((await httpClient(api.url).get('/api/v1/auth/me', { token })).status).toBe(200);
    });
  });
});
