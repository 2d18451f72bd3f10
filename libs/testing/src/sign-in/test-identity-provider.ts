// A real OpenID Connect provider (oidc-provider) on loopback for sign-in tests, with controls to
// choose who signs in, deny, or forge the next ID token. It runs in a child Node process.

import { spawn } from 'node:child_process';
import { generateKeyPairSync, randomUUID, type JsonWebKey } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { REPO_ROOT } from '../processes.js';
import { waitFor } from '../wait-for.js';

export interface TestOidcClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface TestOidcUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

/** What tamperNextIdToken breaks; everything else in the token is kept. */
export type IdTokenTamper = 'wrong-key' | 'wrong-audience' | 'expired' | 'wrong-nonce' | 'wrong-issuer';

export interface TestIdentityProviderOptions {
  clients: TestOidcClient[];
  users: TestOidcUser[];
}

export interface TestIdentityProvider {
  /** `http://127.0.0.1:PORT`; discovery is at `${issuer}/.well-known/openid-configuration`. */
  readonly issuer: string;
  /** The public half of the RS256 key ID tokens are signed with. */
  readonly jwks: { keys: JsonWebKey[] };
  /** The next authorization completes as this user, without a login page (consent is implied). */
  nextLogin(sub: string): Promise<void>;
  /** The next authorization returns `error=access_denied` to the client. */
  nextDenial(): Promise<void>;
  /** The next token response carries an ID token with this defect. */
  tamperNextIdToken(kind: IdTokenTamper): Promise<void>;
  /** Disarms whatever is armed, e.g. in afterEach when a flow stopped before reaching the IdP. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Jest runs TypeScript as CommonJS and oidc-provider is ESM-only, so the provider lives in a plain
 * `.mjs` child; it listens on port 0 and prints the port it got.
 */
const CHILD_SCRIPT = join(__dirname, 'identity-provider.child.mjs');

function generateSigningKey(): { privateJwk: JsonWebKey; publicJwk: JsonWebKey } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const meta = { kid: randomUUID(), alg: 'RS256', use: 'sig' };
  return {
    privateJwk: { ...privateKey.export({ format: 'jwk' }), ...meta },
    publicJwk: { ...publicKey.export({ format: 'jwk' }), ...meta },
  };
}

export async function startTestIdentityProvider(options: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const { privateJwk, publicJwk } = generateSigningKey();
  const config = JSON.stringify({ clients: options.clients, users: options.users, jwk: privateJwk });
  const child = spawn(process.execPath, ['--no-warnings', CHILD_SCRIPT, config], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let errors = '';
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const exited = once(child, 'exit');
  const portLine = new Promise<string>((resolve) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolve(output);
    });
  });

  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };

  const port = await Promise.race([portLine.then((line) => Number.parseInt(line, 10)), exited.then(() => Number.NaN)]);
  if (!Number.isInteger(port)) {
    await close();
    throw new Error(`test identity provider did not start: ${errors}`);
  }
  const issuer = `http://127.0.0.1:${port}`;
  await waitFor(
    () =>
      fetch(`${issuer}/.well-known/openid-configuration`).then(
        (response) => response.ok,
        () => false,
      ),
    Boolean,
    { what: `OpenID discovery at ${issuer}` },
  );

  const command = async (name: string, body: object = {}): Promise<void> => {
    const response = await fetch(`${issuer}/__test/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`test identity provider refused ${name}: ${await response.text()}`);
  };

  return {
    issuer,
    jwks: { keys: [publicJwk] },
    nextLogin: (sub) => command('next-login', { sub }),
    nextDenial: () => command('next-denial'),
    tamperNextIdToken: (kind) => command('tamper-next-id-token', { kind }),
    reset: () => command('reset'),
    close,
  };
}
