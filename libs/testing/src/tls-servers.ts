// PostgreSQL and Redis that speak only TLS, for the tests of encryption in transit: a CA and a
// server certificate for localhost made with openssl, a second CA that signed nothing (a client
// trusting it must refuse the servers), a private PostgreSQL cluster whose pg_hba.conf accepts
// TLS connections only, and a redis-server with its plain port closed.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.js';
import { waitFor } from './wait-for.js';

export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed the servers' certificate. */
  readonly ca: string;
  /** A CA that signed nothing here. */
  readonly otherCa: string;
  readonly cert: string;
  readonly key: string;
}

export interface TlsServer {
  readonly port: number;
  stop(): Promise<void>;
}

const openssl = (args: string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
};

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-tls-'));
  const ca = (name: string): void =>
    openssl(
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
        '-keyout',
        `${name}.key`,
        '-out',
        `${name}.pem`,
      ],
      dir,
    );
  ca('test-ca');
  ca('other-ca');
  openssl(
    ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-keyout', 'server.key', '-out', 'server.csr'],
    dir,
  );
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName = DNS:localhost, IP:127.0.0.1\n');
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'test-ca.pem',
      '-CAkey',
      'test-ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'server.ext',
      '-out',
      'server.pem',
    ],
    dir,
  );
  return {
    dir,
    ca: join(dir, 'test-ca.pem'),
    otherCa: join(dir, 'other-ca.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server.key'),
  };
}

function running(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function stopper(child: ChildProcess, signal: NodeJS.Signals, cleanup: () => void): () => Promise<void> {
  return async () => {
    if (running(child)) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await gone;
    }
    cleanup();
  };
}

/** PostgreSQL refuses to run as root; then the cluster belongs to the `postgres` user. */
function owner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string): number => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A throw-away cluster (superuser `postgres`, trust) reachable on 127.0.0.1 over TLS only. */
export async function startTlsPostgres(certs: TestCertificates): Promise<TlsServer> {
  const bin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'stagecraft-pg-tls-'));
  const user = owner();
  const own = (path: string): void => {
    if (user.uid !== undefined && user.gid !== undefined) chownSync(path, user.uid, user.gid);
  };
  own(dir);
  const data = join(dir, 'data');
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync'], {
    ...user,
    stdio: 'pipe',
  });
  for (const [from, to] of [
    [certs.cert, 'server.crt'],
    [certs.key, 'server.key'],
  ] as const) {
    copyFileSync(from, join(data, to));
    own(join(data, to));
    chmodSync(join(data, to), 0o600);
  }
  // No `host` line: a connection without TLS finds no entry and is refused.
  writeFileSync(join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n');
  const port = await freePort();
  const child = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'ssl=on',
      '-c',
      `unix_socket_directories=${dir}`,
      '-c',
      'fsync=off',
    ],
    { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = `${output}${chunk.toString()}`.slice(-4000)));
  const stop = stopper(child, 'SIGINT', () => rmSync(dir, { recursive: true, force: true }));
  try {
    await waitFor(
      () => {
        if (!running(child)) throw new Error(`PostgreSQL exited while starting:\n${output}`);
        return Promise.resolve(output.includes('ready to accept connections'));
      },
      Boolean,
      { what: 'the TLS PostgreSQL', timeoutMs: 30_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}

/** A redis-server on 127.0.0.1 with TLS only (the plain port is 0: closed). */
export async function startTlsRedis(certs: TestCertificates): Promise<TlsServer> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    [
      '--port',
      '0',
      '--tls-port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--tls-cert-file',
      certs.cert,
      '--tls-key-file',
      certs.key,
      '--tls-ca-cert-file',
      certs.ca,
      '--tls-auth-clients',
      'no',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer): void => void (output = `${output}${chunk.toString()}`.slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = stopper(child, 'SIGKILL', () => undefined);
  try {
    await waitFor(
      () => {
        if (!running(child)) throw new Error(`redis-server exited while starting:\n${output}`);
        return Promise.resolve(output.includes('Ready to accept connections'));
      },
      Boolean,
      { what: 'the TLS redis-server', timeoutMs: 15_000 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, stop };
}
