// A real OpenID Connect provider for the browser tests: the child process the API's own tests use
// (libs/testing/src/sign-in/identity-provider.child.mjs), started here directly because
// Playwright loads specs as ESM and the harness module around it is CommonJS. Without a user
// armed it shows a login page: an "Email" input and a "Sign in" button.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { REPO } from './server';

const CHILD_SCRIPT = resolve(REPO, 'libs/testing/src/sign-in/identity-provider.child.mjs');

export interface IdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export interface IdpUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name?: string;
}

export interface RunningIdentityProvider {
  /** http://127.0.0.1:PORT, the OpenID issuer. */
  issuer: string;
  close: () => Promise<void>;
}

function privateSigningKey(): object {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };
}

function firstLine(child: ChildProcessWithoutNullStreams): Promise<string> {
  return new Promise((resolveLine, reject) => {
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('\n')) resolveLine(output.split('\n')[0] ?? '');
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`the identity provider exited (${code}) during start-up: ${errors}`)));
  });
}

export async function startIdentityProvider(options: {
  clients: IdpClient[];
  users: IdpUser[];
}): Promise<RunningIdentityProvider> {
  const config = JSON.stringify({ ...options, jwk: privateSigningKey() });
  const child = spawn(process.execPath, ['--no-warnings', CHILD_SCRIPT, config], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  const port = Number.parseInt(await firstLine(child), 10);
  const issuer = `http://127.0.0.1:${port}`;
  const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
  if (!discovery.ok) throw new Error(`the identity provider answers discovery with ${discovery.status}`);
  return {
    issuer,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
