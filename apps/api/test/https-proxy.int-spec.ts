// HTTPS at the proxy: the compose file's Caddyfile (config/caddy/Caddyfile), run by a real
// Caddy with given certificate files (STAGECRAFT_TLS=files), in front of the API. Clients that
// trust the certificate's CA get the API over HTTPS with HSTS (PUBLIC_URL is https); clients
// that do not are refused, and so is plain HTTP on the HTTPS port.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  createTestEnvironment,
  freePort,
  makeTestCertificates,
  REPO_ROOT,
  waitFor,
  type TestCertificates,
  type TestEnvironment,
} from '@stagecraft/testing';
import { startApi, type RunningApi } from './support/running-apps.js';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** GET over HTTPS trusting only `ca`. */
function httpsGet(url: string, ca: Buffer): Promise<Answer> {
  return new Promise((resolvePromise, reject) => {
    const sent = request(url, { ca, agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolvePromise({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    sent.on('error', reject);
    sent.end();
  });
}

describe('HTTPS at the compose proxy (Caddy)', () => {
  let certs: TestCertificates;
  let env: TestEnvironment;
  let api: RunningApi;
  let caddy: ChildProcess;
  let caddyHome: string;
  let origin: string;
  let output = '';

  beforeAll(async () => {
    certs = makeTestCertificates();
    const port = await freePort();
    origin = `https://localhost:${port}`;
    env = await createTestEnvironment();
    api = await startApi(env.config({ PUBLIC_URL: origin, TRUST_PROXY: 'true' }));
    caddyHome = mkdtempSync(join(tmpdir(), 'stagecraft-caddy-'));
    caddy = spawn(
      'caddy',
      ['run', '--config', resolve(REPO_ROOT, 'config/caddy/Caddyfile'), '--adapter', 'caddyfile'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: caddyHome,
          XDG_DATA_HOME: caddyHome,
          XDG_CONFIG_HOME: caddyHome,
          CADDY_ADMIN: 'off',
          CADDY_HTTP_PORT: String(await freePort()),
          STAGECRAFT_SITE: `localhost:${port}`,
          STAGECRAFT_TLS: 'files',
          STAGECRAFT_TLS_CERT: certs.cert,
          STAGECRAFT_TLS_KEY: certs.key,
          STAGECRAFT_UPSTREAM: 'localhost',
          STAGECRAFT_UPSTREAM_PORT: new URL(api.url).port,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer): void => void (output = `${output}${chunk.toString()}`.slice(-8000));
    caddy.stdout?.on('data', keep);
    caddy.stderr?.on('data', keep);
    const ca = readFileSync(certs.ca);
    await waitFor(
      () => {
        if (caddy.exitCode !== null) throw new Error(`caddy exited:\n${output}`);
        return httpsGet(`${origin}/health/live`, ca).then(
          (answer) => answer.status,
          () => 0,
        );
      },
      (status) => status === 200,
      { what: `Caddy on ${origin}`, timeoutMs: 20_000 },
    );
  }, 40_000);

  afterAll(async () => {
    if (caddy && caddy.exitCode === null) {
      const gone = new Promise((done) => caddy.once('exit', done));
      caddy.kill('SIGTERM');
      await gone;
    }
    await api?.close();
    await env?.dispose();
    if (caddyHome) rmSync(caddyHome, { recursive: true, force: true });
    if (certs) rmSync(certs.dir, { recursive: true, force: true });
  });

  it('serves the API over HTTPS with the given certificate, and HSTS', async () => {
    const answer = await httpsGet(`${origin}/api/v1`, readFileSync(certs.ca));
    expect(answer.status).toBe(200);
    expect(answer.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
    // The API's links use the public origin the proxy serves.
    expect(answer.body).toContain(origin);
  });

  it('is refused by a client that trusts another CA', async () => {
    await expect(httpsGet(`${origin}/api/v1`, readFileSync(certs.otherCa))).rejects.toThrow(
      /self[- ]signed certificate|unable to verify/,
    );
  });

  it('does not answer plain HTTP on the HTTPS port', async () => {
    const plain = await fetch(`http://localhost:${new URL(origin).port}/api/v1`);
    expect(plain.status).toBe(400);
    expect(await plain.text()).not.toContain(origin);
  });
});
