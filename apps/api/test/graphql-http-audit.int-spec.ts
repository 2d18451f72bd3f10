// The GraphQL-over-HTTP spec's own conformance suite (graphql-http's server audits) against
// the live endpoint: every MUST passes. SHOULD and MAY results are listed when they fail, so
// a regression in them shows in the output, but only MUSTs fail the test.

import { createTestEnvironment, type TestEnvironment } from '@stagecraft/testing';
import { auditServer } from 'graphql-http';
import { startApi, type RunningApi } from './support/running-apps.js';

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  let env: TestEnvironment;
  let api: RunningApi;

  beforeAll(async () => {
    env = await createTestEnvironment();
    api = await startApi(env.config());
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await env?.dispose();
  });

  it('passes every mandatory audit', async () => {
    const results = await auditServer({ url: `${api.url}/api/v1/graphql` });
    expect(results.length).toBeGreaterThan(20);
    const failed = results.filter((result) => result.status !== 'ok');
    const mandatory = failed.filter((result) => result.name.startsWith('MUST'));
    if (failed.length > 0) {
      console.log(
        failed
          .map((result) => `${result.status}: ${result.name}: ${'reason' in result ? result.reason : ''}`)
          .join('\n'),
      );
    }
    expect(mandatory.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
  });
});
